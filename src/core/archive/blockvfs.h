// blockvfs: reading an archive lazily. A read-only SQLite VFS whose xRead is served from a bounded
// LRU cache of fixed-size blocks, filled on demand from a ByteSource (HTTP Range requests or file
// slices in the browser's worker, a file or memory natively). Offsets are 64-bit all the way: no
// read goes through Emscripten's fd_pread (which drops the upper 32 bits of the offset).
//
// [SECTION] byte sources
// [SECTION] the block cache
// [SECTION] opening an archive through the cache
#pragma once
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/archive/archive.h"

namespace stenogram {

// ---- [SECTION] byte sources ----

// Where the archive's bytes come from. Synchronous: Read returns when the bytes are there.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // The file's size in bytes (fixed for the source's lifetime).
  virtual uint64_t Size() const = 0;
  // Fills buffer with exactly length bytes from offset (offset + length <= Size()). Returns false
  // with *error set to a message for a person ("the archive changed on the server; reload") when the
  // bytes cannot be had; the cache then fails the read with SQLITE_IOERR_READ and keeps the message.
  virtual bool Read(uint64_t offset, size_t length, unsigned char* buffer, std::string* error) = 0;
};

// A file read with lseek + read (64-bit offsets; natively and under node's NODERAWFS alike).
class FileSource : public ByteSource {
 public:
  // Opens path read-only; null with *error ("x.sqlite: no such file") on failure.
  static std::unique_ptr<FileSource> Open(const std::string& path, std::string* error);
  ~FileSource() override;
  uint64_t Size() const override { return size_; }
  bool Read(uint64_t offset, size_t length, unsigned char* buffer, std::string* error) override;

 private:
  FileSource(int fd, uint64_t size, std::string name) : fd_(fd), size_(size), name_(std::move(name)) {}
  int fd_ = -1;
  uint64_t size_ = 0;
  std::string name_;
};

// Bytes held in memory (the offline page's archive, an imported archive's image, tests).
class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::vector<unsigned char> bytes) : bytes_(std::move(bytes)) {}
  uint64_t Size() const override { return bytes_.size(); }
  bool Read(uint64_t offset, size_t length, unsigned char* buffer, std::string* error) override;

 private:
  std::vector<unsigned char> bytes_;
};

// ---- [SECTION] the block cache ----

// A run of bytes: [offset, offset + length).
struct ByteRun {
  uint64_t offset = 0;
  uint64_t length = 0;
};

struct BlockCacheOptions {
  size_t block_size = 16 * 1024;          // bytes per block (a power of two ≥ 512); the unit of every fetch
  uint64_t budget = 256ull * 1024 * 1024; // most bytes of blocks kept; least recently used go first
  size_t max_read_ahead = 64;             // most blocks one miss may fetch; grows ×2 per sequential miss from 1
};

// What the cache did so far (all counters only grow, except cached_bytes).
struct BlockCacheStats {
  uint64_t reads = 0;          // reads asked of the cache (SQLite's xRead calls)
  uint64_t hits = 0;           // of those, served without asking the source
  uint64_t requests = 0;       // ByteSource::Read calls (one per contiguous run of missing blocks)
  uint64_t fetched_bytes = 0;  // bytes those requests brought
  uint64_t evictions = 0;      // blocks dropped for the budget
  uint64_t cached_bytes = 0;   // bytes of blocks held now
};

class BlockCache {
 public:
  BlockCache(std::unique_ptr<ByteSource> source, BlockCacheOptions options);

  uint64_t Size() const { return size_; }
  const BlockCacheOptions& Options() const { return options_; }
  const BlockCacheStats& Stats() const { return stats_; }

  // Copies [offset, offset+length) (inside the file) into out: cached blocks from the cache, the
  // missing ones fetched (a run of adjacent missing blocks in one source request, extended by
  // read-ahead when misses go forward through the file). A range past the end of the file or a
  // source failure returns false with *error (a source's message is also kept in LastError()).
  bool Read(uint64_t offset, size_t length, unsigned char* out, std::string* error);

  // Copies [offset, offset+length) into out only when every block of it is cached; else returns
  // false and appends the missing blocks' indices to *missing. Touches neither the LRU order nor the
  // statistics (the read planner looks ahead with it, readplan.h).
  bool PeekCached(uint64_t offset, size_t length, unsigned char* out, std::vector<uint64_t>* missing) const;

  // Fetches the blocks of each run that are not cached (one source request per run; what a
  // browser does in parallel, natively one after the other). False with *error on a source failure.
  bool FetchRuns(const std::vector<ByteRun>& runs, std::string* error);

  // Puts bytes that arrived by other means (a prefetch of the file's start) into the cache: each
  // whole block inside [offset, offset+length) (and the file's last, short block) is stored.
  void Insert(uint64_t offset, const unsigned char* data, size_t length);

  // Background fill, for when the whole file fits the budget: fetches the next at most max_bytes
  // of blocks not yet cached (one request), in file order. Returns the bytes fetched; 0 when the
  // file is all cached or does not fit (FillPossible() false) or the source failed (*error set).
  uint64_t FillStep(uint64_t max_bytes, std::string* error);
  bool FillPossible() const { return size_ <= options_.budget; }
  bool Filled() const { return FillPossible() && fill_cursor_ >= BlockCount(); }

  // The message of the last source failure, "" if none since the last ClearError().
  const std::string& LastError() const { return last_error_; }
  void ClearError() { last_error_.clear(); }

 private:
  struct Block {
    uint64_t index;
    std::vector<unsigned char> bytes;
  };
  uint64_t BlockCount() const { return (size_ + options_.block_size - 1) / options_.block_size; }
  size_t BlockLength(uint64_t index) const;
  bool Cached(uint64_t index) const { return map_.count(index) != 0; }
  // Fetches blocks [first, first+count) (all missing) in one request and stores them.
  bool Fetch(uint64_t first, uint64_t count, std::string* error);
  void Store(uint64_t index, const unsigned char* data);

  std::unique_ptr<ByteSource> source_;
  BlockCacheOptions options_;
  uint64_t size_ = 0;
  BlockCacheStats stats_;
  std::list<Block> lru_;  // most recently used first
  std::unordered_map<uint64_t, std::list<Block>::iterator> map_;
  // Read heads: SQLite often walks two or three places at once (an index's doclist and the rows it
  // names), so each forward stream of misses keeps its own read-ahead.
  struct Head {
    uint64_t next = UINT64_MAX;  // block a forward-sequential miss of this stream would ask for next
    size_t ahead = 1;            // blocks its next miss fetches
    uint64_t used = 0;           // when it last fetched (for replacing the stalest)
  };
  Head heads_[4];
  uint64_t head_clock_ = 0;
  // The read-ahead for a miss at block b: grows ×2 when b continues a head (at or a little past
  // where it stopped), else a new head starts at 1 block. Returns the head used.
  Head& HeadFor(uint64_t b);
  uint64_t fill_cursor_ = 0;
  std::string last_error_;
};

// ---- [SECTION] opening an archive through the cache ----

// The VFS's name ("stenogram-block"); registered on first use, as a VFS of its own.
const char* BlockVfsName();

// Registers the block VFS as SQLite's default: the sqlite3_os_init of a SQLite built without a file
// system of its own (SQLITE_OS_OTHER: the hosted engine's, src/worker/os_block.cpp). It opens only
// archives handed to OpenDbThroughCache, so anything else (a path, a journal) cannot be opened.
int RegisterBlockVfsAsDefault();

// Opens the archive whose bytes the cache serves, read-only, through the block VFS, and wraps it
// in an Archive (Archive::Adopt). The cache stays alive as long as the connection. name is used in
// messages and as the default title. On failure returns null with *error naming the archive and
// the reason: "not a SQLite database", "the file is truncated", or the source's own message.
std::unique_ptr<Archive> OpenArchiveThroughCache(std::shared_ptr<BlockCache> cache, const std::string& name,
                                                 std::string* error);

// Opens a raw connection through the cache (what OpenArchiveThroughCache wraps); null with *error.
sqlite3* OpenDbThroughCache(std::shared_ptr<BlockCache> cache, const std::string& name, std::string* error);

}  // namespace stenogram
