// blockvfs: the block cache and the read-only SQLite VFS over it (see blockvfs.h).
//
// [SECTION] byte sources
// [SECTION] the block cache
// [SECTION] the VFS
// [SECTION] opening an archive through the cache
#include "core/archive/blockvfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <new>
#include <utility>

namespace stenogram {

// ---- [SECTION] byte sources ----

static_assert(sizeof(off_t) >= 8, "64-bit file offsets are needed for archives over 2 GiB");

std::unique_ptr<FileSource> FileSource::Open(const std::string& path, std::string* error) {
  const size_t slash = path.find_last_of('/');
  const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    if (error) *error = name + ": " + (errno == ENOENT ? "no such file" : std::strerror(errno));
    return nullptr;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    if (error) *error = name + ": not a regular file";
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<FileSource>(new FileSource(fd, static_cast<uint64_t>(st.st_size), name));
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

// lseek + read rather than pread: Emscripten's fd_pread truncates the offset to 32 bits.
bool FileSource::Read(uint64_t offset, size_t length, unsigned char* buffer, std::string* error) {
  if (offset > size_ || length > size_ - offset) {
    *error = name_ + ": read past the end of the file";
    return false;
  }
  if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) != static_cast<off_t>(offset)) {
    *error = name_ + ": cannot seek to byte " + std::to_string(offset) + " (" + std::strerror(errno) + ")";
    return false;
  }
  size_t done = 0;
  while (done < length) {
    const ssize_t n = ::read(fd_, buffer + done, length - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *error = name_ + ": cannot read at byte " + std::to_string(offset + done) +
               (n == 0 ? std::string(" (the file got shorter)") : " (" + std::string(std::strerror(errno)) + ")");
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

bool MemorySource::Read(uint64_t offset, size_t length, unsigned char* buffer, std::string* error) {
  if (offset > bytes_.size() || length > bytes_.size() - offset) {
    *error = "read past the end of the archive in memory";
    return false;
  }
  if (length) std::memcpy(buffer, bytes_.data() + offset, length);
  return true;
}

// ---- [SECTION] the block cache ----

BlockCache::BlockCache(std::unique_ptr<ByteSource> source, BlockCacheOptions options)
    : source_(std::move(source)), options_(options) {
  if (options_.block_size < 512) options_.block_size = 512;
  // Read-ahead never takes more than a quarter of the budget.
  options_.max_read_ahead = static_cast<size_t>(std::max<uint64_t>(
      1, std::min<uint64_t>(options_.max_read_ahead, options_.budget / options_.block_size / 4)));
  size_ = source_->Size();
}

size_t BlockCache::BlockLength(uint64_t index) const {
  const uint64_t start = index * options_.block_size;
  return static_cast<size_t>(std::min<uint64_t>(options_.block_size, size_ - start));
}

void BlockCache::Store(uint64_t index, const unsigned char* data) {
  if (Cached(index)) return;
  const size_t len = BlockLength(index);
  while (!lru_.empty() && stats_.cached_bytes + len > options_.budget) {
    stats_.cached_bytes -= lru_.back().bytes.size();
    map_.erase(lru_.back().index);
    lru_.pop_back();
    ++stats_.evictions;
  }
  if (stats_.cached_bytes + len > options_.budget) return;  // a budget below one block keeps nothing
  lru_.push_front(Block{index, std::vector<unsigned char>(data, data + len)});
  map_[index] = lru_.begin();
  stats_.cached_bytes += len;
}

bool BlockCache::Fetch(uint64_t first, uint64_t count, std::string* error) {
  const uint64_t start = first * options_.block_size;
  const uint64_t end = std::min<uint64_t>(size_, (first + count) * options_.block_size);
  std::vector<unsigned char> buffer(static_cast<size_t>(end - start));
  std::string why;
  ++stats_.requests;
  if (!source_->Read(start, buffer.size(), buffer.data(), &why)) {
    last_error_ = why.empty() ? std::string("the archive could not be read") : why;
    *error = last_error_;
    return false;
  }
  stats_.fetched_bytes += buffer.size();
  for (uint64_t i = 0; i < count; ++i) Store(first + i, buffer.data() + i * options_.block_size);
  return true;
}

BlockCache::Head& BlockCache::HeadFor(uint64_t b) {
  ++head_clock_;
  Head* stalest = &heads_[0];
  for (Head& h : heads_) {
    // A stream that skipped a few cached or unneeded blocks still counts as going forward.
    if (h.next != UINT64_MAX && b >= h.next && b - h.next <= h.ahead) {
      h.ahead = std::min(h.ahead * 2, options_.max_read_ahead);
      h.used = head_clock_;
      return h;
    }
    if (h.used < stalest->used) stalest = &h;
  }
  stalest->ahead = 1;
  stalest->used = head_clock_;
  return *stalest;
}

bool BlockCache::Read(uint64_t offset, size_t length, unsigned char* out, std::string* error) {
  ++stats_.reads;
  if (offset > size_ || length > size_ - offset) {
    *error = "read past the end of the archive (byte " + std::to_string(offset) + " + " + std::to_string(length) +
             " of " + std::to_string(size_) + ")";
    return false;
  }
  if (length == 0) return true;
  const uint64_t bs = options_.block_size;
  const uint64_t first = offset / bs, last = (offset + length - 1) / bs;
  bool hit = true;
  uint64_t b = first;
  while (b <= last) {
    auto it = map_.find(b);
    if (it == map_.end()) {
      hit = false;
      // The run of missing blocks this read needs, then read-ahead past it when misses go forward.
      uint64_t end = b;
      while (end <= last && !Cached(end)) ++end;
      Head& head = HeadFor(b);
      if (end > last) {
        while (end - b < head.ahead && end < BlockCount() && !Cached(end)) ++end;
      }
      if (!Fetch(b, end - b, error)) return false;
      head.next = end;
      it = map_.find(b);
      if (it == map_.end()) {
        // The budget cannot hold this block: serve the read straight from the source.
        const uint64_t from = std::max(offset, b * bs), to = std::min(offset + length, (last + 1) * bs);
        std::string why;
        ++stats_.requests;
        if (!source_->Read(from, static_cast<size_t>(to - from), out + (from - offset), &why)) {
          last_error_ = why;
          *error = why;
          return false;
        }
        stats_.fetched_bytes += to - from;
        break;
      }
    }
    lru_.splice(lru_.begin(), lru_, it->second);  // most recently used
    const uint64_t block_start = b * bs;
    const uint64_t from = std::max(offset, block_start);
    const uint64_t to = std::min(offset + length, block_start + it->second->bytes.size());
    std::memcpy(out + (from - offset), it->second->bytes.data() + (from - block_start), static_cast<size_t>(to - from));
    ++b;
  }
  if (hit) ++stats_.hits;
  return true;
}

bool BlockCache::FetchRuns(const std::vector<ByteRun>& runs, std::string* error) {
  const uint64_t bs = options_.block_size;
  for (const ByteRun& r : runs) {
    if (r.length == 0 || r.offset >= size_) continue;
    const uint64_t last = std::min(BlockCount(), (r.offset + r.length + bs - 1) / bs);
    for (uint64_t b = r.offset / bs; b < last;) {
      if (Cached(b)) {
        ++b;
        continue;
      }
      uint64_t end = b;
      while (end < last && !Cached(end)) ++end;
      if (!Fetch(b, end - b, error)) return false;
      b = end;
    }
  }
  return true;
}

bool BlockCache::PeekCached(uint64_t offset, size_t length, unsigned char* out, std::vector<uint64_t>* missing) const {
  if (offset > size_ || length > size_ - offset) return false;
  if (length == 0) return true;
  const uint64_t bs = options_.block_size;
  bool all = true;
  for (uint64_t b = offset / bs; b <= (offset + length - 1) / bs; ++b) {
    auto it = map_.find(b);
    if (it == map_.end()) {
      all = false;
      if (missing) missing->push_back(b);
      continue;
    }
    if (!all || !out) continue;
    const uint64_t block_start = b * bs;
    const uint64_t from = std::max(offset, block_start);
    const uint64_t to = std::min(offset + length, block_start + it->second->bytes.size());
    std::memcpy(out + (from - offset), it->second->bytes.data() + (from - block_start), static_cast<size_t>(to - from));
  }
  return all;
}

void BlockCache::Insert(uint64_t offset, const unsigned char* data, size_t length) {
  const uint64_t bs = options_.block_size;
  if (offset > size_) return;
  length = static_cast<size_t>(std::min<uint64_t>(length, size_ - offset));
  ++stats_.requests;
  stats_.fetched_bytes += length;
  for (uint64_t b = (offset + bs - 1) / bs; b < BlockCount(); ++b) {
    const uint64_t start = b * bs;
    if (start + BlockLength(b) > offset + length) break;
    Store(b, data + (start - offset));
  }
}

uint64_t BlockCache::FillStep(uint64_t max_bytes, std::string* error) {
  if (!FillPossible()) return 0;
  while (fill_cursor_ < BlockCount() && Cached(fill_cursor_)) ++fill_cursor_;
  if (fill_cursor_ >= BlockCount()) return 0;
  const uint64_t most = std::max<uint64_t>(1, max_bytes / options_.block_size);
  uint64_t end = fill_cursor_;
  while (end < BlockCount() && end - fill_cursor_ < most && !Cached(end)) ++end;
  const uint64_t before = stats_.fetched_bytes;
  if (!Fetch(fill_cursor_, end - fill_cursor_, error)) return 0;
  fill_cursor_ = end;
  return stats_.fetched_bytes - before;
}

// ---- [SECTION] the VFS ----

namespace {

// Caches waiting for sqlite3_open_v2 to reach xOpen, by the file name they were registered under.
std::unordered_map<std::string, std::shared_ptr<BlockCache>>& PendingCaches() {
  static std::unordered_map<std::string, std::shared_ptr<BlockCache>> pending;
  return pending;
}

struct BlockFile {
  sqlite3_file base;  // first: SQLite sees a BlockFile as an sqlite3_file
  std::shared_ptr<BlockCache>* cache;
};

BlockCache& CacheOf(sqlite3_file* f) { return **reinterpret_cast<BlockFile*>(f)->cache; }

int FileClose(sqlite3_file* f) {
  auto* bf = reinterpret_cast<BlockFile*>(f);
  delete bf->cache;
  bf->cache = nullptr;
  return SQLITE_OK;
}

int FileRead(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  BlockCache& cache = CacheOf(f);
  auto* out = static_cast<unsigned char*>(buffer);
  if (offset < 0 || amount < 0) return SQLITE_IOERR_READ;
  const uint64_t off = static_cast<uint64_t>(offset), size = cache.Size();
  size_t valid = static_cast<size_t>(amount);
  if (off >= size) valid = 0;
  else if (valid > size - off) valid = static_cast<size_t>(size - off);
  std::string error;
  if (valid && !cache.Read(off, valid, out, &error)) {
    sqlite3_log(SQLITE_IOERR_READ, "stenogram-block: %s", error.c_str());
    return SQLITE_IOERR_READ;
  }
  if (valid < static_cast<size_t>(amount)) {
    std::memset(out + valid, 0, static_cast<size_t>(amount) - valid);  // SQLite requires the zero fill
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

int FileWrite(sqlite3_file*, const void*, int, sqlite3_int64) { return SQLITE_READONLY; }
int FileTruncate(sqlite3_file*, sqlite3_int64) { return SQLITE_READONLY; }
int FileSync(sqlite3_file*, int) { return SQLITE_OK; }
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  *size = static_cast<sqlite3_int64>(CacheOf(f).Size());
  return SQLITE_OK;
}
int FileLock(sqlite3_file*, int) { return SQLITE_OK; }
int FileUnlock(sqlite3_file*, int) { return SQLITE_OK; }
int FileCheckReservedLock(sqlite3_file*, int* out) {
  *out = 0;
  return SQLITE_OK;
}
int FileControl(sqlite3_file*, int, void*) { return SQLITE_NOTFOUND; }
int FileSectorSize(sqlite3_file*) { return 512; }
// Immutable: SQLite takes no locks and never looks for a hot journal.
int FileDeviceCharacteristics(sqlite3_file*) { return SQLITE_IOCAP_IMMUTABLE; }

const sqlite3_io_methods kIoMethods = {
    1,  // iVersion: no shared memory, no memory mapping
    FileClose, FileRead, FileWrite, FileTruncate, FileSync, FileSize, FileLock, FileUnlock, FileCheckReservedLock,
    FileControl, FileSectorSize, FileDeviceCharacteristics,
    nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};

int VfsOpen(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  file->pMethods = nullptr;
  if (!name || !(flags & SQLITE_OPEN_MAIN_DB)) return SQLITE_CANTOPEN;  // no journals or temp files
  auto it = PendingCaches().find(name);
  if (it == PendingCaches().end()) return SQLITE_CANTOPEN;
  auto* bf = reinterpret_cast<BlockFile*>(file);
  bf->cache = new (std::nothrow) std::shared_ptr<BlockCache>(it->second);
  if (!bf->cache) return SQLITE_NOMEM;
  if (out_flags) *out_flags = SQLITE_OPEN_READONLY;
  file->pMethods = &kIoMethods;
  return SQLITE_OK;
}

int VfsDelete(sqlite3_vfs*, const char*, int) { return SQLITE_IOERR_DELETE; }
int VfsAccess(sqlite3_vfs*, const char*, int, int* out) {
  *out = 0;  // no journal, WAL or other side file ever exists
  return SQLITE_OK;
}
int VfsFullPathname(sqlite3_vfs*, const char* name, int n, char* out) {
  if (static_cast<int>(std::strlen(name)) >= n) return SQLITE_CANTOPEN;
  std::strcpy(out, name);
  return SQLITE_OK;
}
int VfsRandomness(sqlite3_vfs*, int n, char* out) {
  uint64_t x = static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) | 1;
  for (int i = 0; i < n; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    out[i] = static_cast<char>(x);
  }
  return n;
}
int VfsSleep(sqlite3_vfs*, int microseconds) { return microseconds; }
int VfsCurrentTimeInt64(sqlite3_vfs*, sqlite3_int64* out) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  *out = static_cast<sqlite3_int64>(ms) + 210866760000000LL;  // Julian day number in milliseconds
  return SQLITE_OK;
}
int VfsCurrentTime(sqlite3_vfs* vfs, double* out) {
  sqlite3_int64 ms = 0;
  VfsCurrentTimeInt64(vfs, &ms);
  *out = static_cast<double>(ms) / 86400000.0;
  return SQLITE_OK;
}
int VfsGetLastError(sqlite3_vfs*, int, char*) { return 0; }

sqlite3_vfs* BlockVfs() {
  static sqlite3_vfs vfs = {
      2, static_cast<int>(sizeof(BlockFile)), 512, nullptr, "stenogram-block", nullptr,
      VfsOpen, VfsDelete, VfsAccess, VfsFullPathname,
      nullptr, nullptr, nullptr, nullptr,  // no loadable extensions
      VfsRandomness, VfsSleep, VfsCurrentTime, VfsGetLastError, VfsCurrentTimeInt64,
      nullptr, nullptr, nullptr};
  return &vfs;
}

}  // namespace

const char* BlockVfsName() { return BlockVfs()->zName; }

int RegisterBlockVfsAsDefault() { return sqlite3_vfs_register(BlockVfs(), 1); }

// ---- [SECTION] opening an archive through the cache ----

sqlite3* OpenDbThroughCache(std::shared_ptr<BlockCache> cache, const std::string& name, std::string* error) {
  if (!sqlite3_vfs_find(BlockVfsName()) && sqlite3_vfs_register(BlockVfs(), 0) != SQLITE_OK) {
    *error = name + ": cannot register the block VFS";
    return nullptr;
  }
  static uint64_t serial = 0;  // distinct file names for archives open at the same time
  const std::string key = "/stenogram-block/" + std::to_string(++serial);
  PendingCaches()[key] = std::move(cache);
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(key.c_str(), &db, SQLITE_OPEN_READONLY, BlockVfsName());
  PendingCaches().erase(key);
  if (rc != SQLITE_OK) {
    *error = name + ": cannot open (" + (db ? sqlite3_errmsg(db) : "out of memory") + ")";
    sqlite3_close(db);
    return nullptr;
  }
  return db;
}

std::unique_ptr<Archive> OpenArchiveThroughCache(std::shared_ptr<BlockCache> cache, const std::string& name,
                                                 std::string* error) {
  // The header first: a clear message for what is not an archive at all, or arrived cut off.
  unsigned char header[100] = {};
  std::string why;
  if (cache->Size() < sizeof header) {
    *error = name + ": not a SQLite database" + (cache->Size() == 0 ? " (the file is empty)" : "");
    return nullptr;
  }
  if (!cache->Read(0, sizeof header, header, &why)) {
    *error = name + ": " + why;
    return nullptr;
  }
  static const char kMagic[] = "SQLite format 3";
  if (std::memcmp(header, kMagic, sizeof kMagic) != 0) {
    *error = name + ": not a SQLite database";
    return nullptr;
  }
  const uint32_t page_size = header[16] << 8 | header[17];
  const uint64_t pages = uint64_t{header[28]} << 24 | uint64_t{header[29]} << 16 | uint64_t{header[30]} << 8 | header[31];
  const uint64_t expected = pages * (page_size == 1 ? 65536u : page_size);
  if (pages > 0 && expected > cache->Size()) {
    *error = name + ": the file is truncated (" + std::to_string(cache->Size()) + " of " + std::to_string(expected) +
             " bytes)";
    return nullptr;
  }
  sqlite3* db = OpenDbThroughCache(cache, name, error);
  if (!db) return nullptr;
  auto archive = Archive::Adopt(db, name, error);
  if (!archive && !cache->LastError().empty()) *error = name + ": " + cache->LastError();
  return archive;
}

}  // namespace stenogram
