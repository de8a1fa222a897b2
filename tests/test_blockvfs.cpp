// Tests of blockvfs: the block cache against the bytes it serves (random offsets, eviction under a
// small budget, read-ahead, background fill, offsets past 4 GiB in a sparse file) and archives
// opened through the VFS (queries answer as from memory; source failures and non-archives named).
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "core/archive/blockvfs.h"
#include "core/import/import_image.h"
#include "core/view/query.h"
#include "test_support.h"

using namespace stenogram;

namespace {

std::vector<unsigned char> Pattern(size_t n, uint32_t seed) {
  std::vector<unsigned char> v(n);
  std::mt19937 rng(seed);
  for (auto& b : v) b = static_cast<unsigned char>(rng());
  return v;
}

// A source that counts its reads and fails from the nth on with a message, like a changed server file.
class FlakySource : public ByteSource {
 public:
  FlakySource(std::vector<unsigned char> bytes, int fail_from) : inner_(std::move(bytes)), fail_from_(fail_from) {}
  uint64_t Size() const override { return inner_.Size(); }
  bool Read(uint64_t offset, size_t length, unsigned char* buffer, std::string* error) override {
    if (++reads_ >= fail_from_) {
      *error = "the archive changed on the server; reload";
      return false;
    }
    return inner_.Read(offset, length, buffer, error);
  }

 private:
  MemorySource inner_;
  int fail_from_;
  int reads_ = 0;
};

// A real archive image of n documents, imported from JSONL in memory.
std::vector<unsigned char> ArchiveBytes(int n) {
  std::string jsonl;
  for (int i = 1; i <= n; ++i) {
    jsonl += "{\"id\":\"d" + std::to_string(i) + "\",\"title\":\"Talks number " + std::to_string(i) +
             "\",\"date\":\"2015-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) +
             "\",\"text\":\"Sergey Lavrov: The negotiations on item " + std::to_string(i) + " were " +
             (i % 3 ? "useful" : "difficult") + ". " + std::string(static_cast<size_t>(200 + i % 50), 'x') +
             " sanctions and security.\"}\n";
  }
  return test_support::ImageOfJsonl("fixture.jsonl", jsonl);
}

}  // namespace

TEST_CASE("block cache: random reads equal the source's bytes; a small budget evicts and stays correct") {
  const auto bytes = Pattern(1'000'003, 1);  // not a multiple of the block size
  BlockCacheOptions options;
  options.block_size = 4096;
  options.budget = 64 * 1024;  // 16 blocks
  BlockCache cache(std::make_unique<MemorySource>(bytes), options);
  CHECK(cache.Size() == bytes.size());
  std::mt19937 rng(2);
  std::vector<unsigned char> out;
  std::string error;
  for (int i = 0; i < 2000; ++i) {
    const size_t length = 1 + rng() % 20000;
    const uint64_t offset = rng() % (bytes.size() - length + 1);
    out.assign(length, 0);
    REQUIRE_MESSAGE(cache.Read(offset, length, out.data(), &error), error);
    REQUIRE(std::equal(out.begin(), out.end(), bytes.begin() + static_cast<long>(offset)));
  }
  const BlockCacheStats& s = cache.Stats();
  CHECK(s.reads == 2000);
  CHECK(s.evictions > 0);
  CHECK(s.cached_bytes <= options.budget);
  CHECK(s.requests > 0);
  CHECK(s.hits < s.reads);
  CHECK(s.fetched_bytes >= s.requests);
  // The file's last byte (a short last block) and a range past the end.
  unsigned char last = 0;
  REQUIRE(cache.Read(bytes.size() - 1, 1, &last, &error));
  CHECK(last == bytes.back());
  CHECK_FALSE(cache.Read(bytes.size() - 1, 2, out.data(), &error));
  CHECK(error.find("past the end") != std::string::npos);
}

TEST_CASE("block cache: repeated reads are hits; sequential misses grow the read-ahead") {
  const auto bytes = Pattern(4 << 20, 3);
  BlockCacheOptions options;
  options.block_size = 4096;
  BlockCache cache(std::make_unique<MemorySource>(bytes), options);
  std::vector<unsigned char> page(4096);
  std::string error;
  for (uint64_t off = 0; off < bytes.size(); off += page.size()) REQUIRE(cache.Read(off, page.size(), page.data(), &error));
  const uint64_t blocks = bytes.size() / 4096;
  CHECK(cache.Stats().fetched_bytes == bytes.size());
  // 1 + 2 + 4 + ... up to 64 blocks a request: far fewer requests than blocks.
  CHECK(cache.Stats().requests < blocks / 16);
  const uint64_t requests = cache.Stats().requests;
  REQUIRE(cache.Read(12345, 100, page.data(), &error));
  CHECK(cache.Stats().requests == requests);
  CHECK(cache.Stats().hits >= 1);
}

TEST_CASE("block cache: prefetched bytes and the background fill make every later read local") {
  const auto bytes = Pattern(300'000, 4);
  BlockCacheOptions options;
  options.block_size = 8192;
  BlockCache cache(std::make_unique<MemorySource>(bytes), options);
  cache.Insert(0, bytes.data(), 50'000);  // 6 whole blocks; the 7th is partial and not kept
  CHECK(cache.Stats().cached_bytes == 6 * 8192);
  std::string error;
  CHECK(cache.FillPossible());
  uint64_t steps = 0;
  while (cache.FillStep(40'000, &error) > 0) ++steps;
  CHECK(error.empty());
  CHECK(cache.Filled());
  CHECK(steps >= 6);
  CHECK(cache.Stats().cached_bytes == bytes.size());
  const uint64_t requests = cache.Stats().requests;
  std::vector<unsigned char> out(100'000);
  REQUIRE(cache.Read(123'456, out.size(), out.data(), &error));
  CHECK(std::equal(out.begin(), out.end(), bytes.begin() + 123'456));
  CHECK(cache.Stats().requests == requests);

  BlockCacheOptions tight = options;
  tight.budget = 100'000;
  BlockCache big(std::make_unique<MemorySource>(bytes), tight);
  CHECK_FALSE(big.FillPossible());
  CHECK(big.FillStep(1 << 20, &error) == 0);
}

TEST_CASE("block cache: offsets past 2 and 4 GiB in a sparse file are exact") {
  char path[] = "/tmp/stenogram-blockvfs-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  const uint64_t marks[] = {(2ull << 30) - 3, (4ull << 30) - 5, (4ull << 30) + 65536 * 3 + 7, (5ull << 30) + 11};
  bool written = true;
  for (uint64_t m : marks) {
    const std::string text = "mark@" + std::to_string(m);
    // lseek + write, not pwrite: Emscripten's fd_pwrite (the wasm build of this test) drops the high bits.
    written = written && lseek(fd, static_cast<off_t>(m), SEEK_SET) == static_cast<off_t>(m) &&
              write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  }
  // The file's last byte, written the same way (ftruncate's length loses its high bits in wasm too).
  const off_t last = static_cast<off_t>((5ull << 30) + 65535);
  written = written && lseek(fd, last, SEEK_SET) == last && write(fd, "", 1) == 1;
  close(fd);
  if (!written) {
    std::remove(path);
    MESSAGE("the file system refused a sparse 5 GiB file; test skipped");
    return;
  }
  std::string error;
  auto source = FileSource::Open(path, &error);
  REQUIRE_MESSAGE(source, error);
  CHECK(source->Size() == (5ull << 30) + 65536);
  BlockCacheOptions options;
  options.block_size = 65536;
  options.budget = 1 << 20;
  BlockCache cache(std::move(source), options);
  for (uint64_t m : marks) {
    const std::string text = "mark@" + std::to_string(m);
    std::string got(text.size(), '\0');
    REQUIRE_MESSAGE(cache.Read(m, got.size(), reinterpret_cast<unsigned char*>(got.data()), &error), error);
    CHECK(got == text);
  }
  // A read straddling the 4 GiB line: zeros, the mark written across it, zeros.
  std::vector<unsigned char> across(64, 0xff);
  REQUIRE(cache.Read((4ull << 30) - 32, across.size(), across.data(), &error));
  CHECK(across[27] == 'm');  // the mark starts 5 bytes before 4 GiB
  CHECK(across[32] == '4');  // and goes on past it
  CHECK(across[0] == 0);
  CHECK(across[63] == 0);
  std::remove(path);
}

TEST_CASE("an archive opened through the block VFS answers as the in-memory image does") {
  const auto bytes = ArchiveBytes(400);
  BlockCacheOptions options;
  options.block_size = 4096;
  options.budget = 64 * 1024;  // smaller than the archive: evictions during the queries
  auto cache = std::make_shared<BlockCache>(std::make_unique<MemorySource>(bytes), options);
  std::string error;
  auto lazy = OpenArchiveThroughCache(cache, "lazy.sqlite", &error);
  REQUIRE_MESSAGE(lazy, error);
  auto whole = Archive::OpenImage(bytes, "whole.sqlite", &error);
  REQUIRE_MESSAGE(whole, error);
  CHECK(lazy->Info().doc_count == 400);
  CHECK(lazy->Info().title == whole->Info().title);
  Query q;
  q.text = "difficult negotiations";
  const QueryResult a = RunQuery(*lazy, q), b = RunQuery(*whole, q);
  CHECK(a.error.empty());
  CHECK(a.total == 133);
  CHECK(a.ids == b.ids);
  const auto rows_a = ResultRows(*lazy, q, a.ids, 0, 20, &a.scores), rows_b = ResultRows(*whole, q, b.ids, 0, 20, &b.scores);
  REQUIRE(rows_a.size() == 20);
  for (size_t i = 0; i < rows_a.size(); ++i) CHECK(rows_a[i].snippet == rows_b[i].snippet);
  CHECK(lazy->ReadDocument(77)->text == whole->ReadDocument(77)->text);
  CHECK(cache->Stats().evictions > 0);
  CHECK(cache->Stats().cached_bytes <= options.budget);
  // Writing is refused: the VFS is read-only.
  CHECK(sqlite3_exec(lazy->Db(), "DELETE FROM documents", nullptr, nullptr, nullptr) != SQLITE_OK);
}

TEST_CASE("a file source serves an archive; a failing source and a non-archive are named") {
  const auto bytes = ArchiveBytes(50);
  char path[] = "/tmp/stenogram-blockvfs-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  close(fd);
  std::string error;
  auto source = FileSource::Open(path, &error);
  REQUIRE_MESSAGE(source, error);
  auto archive = OpenArchiveThroughCache(std::make_shared<BlockCache>(std::move(source), BlockCacheOptions{}),
                                         "file.sqlite", &error);
  REQUIRE_MESSAGE(archive, error);
  CHECK(archive->Info().doc_count == 50);
  std::remove(path);
  CHECK_FALSE(FileSource::Open(path, &error));
  CHECK(error.find("no such file") != std::string::npos);

  // Fails on its second request: the header is read, the schema is not.
  BlockCacheOptions small;
  small.block_size = 1024;
  auto flaky = std::make_shared<BlockCache>(std::make_unique<FlakySource>(bytes, 2), small);
  CHECK_FALSE(OpenArchiveThroughCache(flaky, "remote.sqlite", &error));
  CHECK(error == "remote.sqlite: the archive changed on the server; reload");
  CHECK(flaky->LastError() == "the archive changed on the server; reload");

  std::vector<unsigned char> text(5000, 'a');
  CHECK_FALSE(OpenArchiveThroughCache(std::make_shared<BlockCache>(std::make_unique<MemorySource>(text), small),
                                      "notes.txt", &error));
  CHECK(error == "notes.txt: not a SQLite database");
  std::vector<unsigned char> cut(bytes.begin(), bytes.begin() + 8192);
  CHECK_FALSE(OpenArchiveThroughCache(std::make_shared<BlockCache>(std::make_unique<MemorySource>(cut), small),
                                      "cut.sqlite", &error));
  CHECK(error.find("cut.sqlite: the file is truncated") == 0);
}
