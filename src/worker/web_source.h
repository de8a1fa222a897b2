// web_source: the worker's byte sources, implemented in JavaScript (web/worker.js: synchronous XHR
// with a Range header, FileReaderSync on file.slice(), an ArrayBuffer) and called synchronously
// from the block cache. The one Emscripten seam of the engine build.
#pragma once
#include <string>

#include "core/archive/blockvfs.h"

namespace stenogram {

// A source registered by worker.js under id (self.stenogramSources[id]); size learnt there.
class JsSource : public ByteSource {
 public:
  JsSource(int id, uint64_t size) : id_(id), size_(size) {}
  uint64_t Size() const override { return size_; }
  // Calls the JS source's read(offset, length, view): offsets travel as doubles (exact to 2^53).
  bool Read(uint64_t offset, size_t length, unsigned char* buffer, std::string* error) override;

 private:
  int id_;
  uint64_t size_;
};

}  // namespace stenogram
