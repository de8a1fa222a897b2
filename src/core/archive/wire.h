// wire: a small binary encoding for the messages between the viewer and the archive engine
// (protocol.h). Integers are LEB128 varints (signed ones zig-zagged), doubles 8 little-endian
// bytes, strings a varint length then the bytes. A Reader never reads past its input: a truncated
// or malformed message makes every later read return a zero value and ok() false.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace stenogram::wire {

class Writer {
 public:
  void U(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7f) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void I(int64_t v) { U((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void B(bool v) { U(v ? 1 : 0); }
  void D(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    for (int i = 0; i < 8; ++i) out_.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
  }
  void S(std::string_view s) {
    U(s.size());
    out_.append(s.data(), s.size());
  }
  const std::string& Bytes() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  uint64_t U() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at_ >= in_.size()) return Fail();
      const uint8_t b = static_cast<uint8_t>(in_[at_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return Fail();
  }
  int64_t I() {
    const uint64_t u = U();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  bool B() { return U() != 0; }
  double D() {
    if (in_.size() - at_ < 8 || at_ > in_.size()) return static_cast<double>(Fail());
    uint64_t bits = 0;
    for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(static_cast<uint8_t>(in_[at_++])) << (8 * i);
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  std::string S() {
    const uint64_t n = U();
    if (!ok_ || n > in_.size() - at_) {
      Fail();
      return {};
    }
    std::string s(in_.substr(at_, n));
    at_ += n;
    return s;
  }
  // A count of items that each take at least min_bytes: refused (0, not ok) when the rest of the
  // input cannot hold that many, so a hostile count never makes a reader reserve gigabytes.
  size_t Count(size_t min_bytes = 1) {
    const uint64_t n = U();
    if (!ok_ || n > (in_.size() - at_) / (min_bytes ? min_bytes : 1)) {
      Fail();
      return 0;
    }
    return static_cast<size_t>(n);
  }
  bool ok() const { return ok_; }
  bool AtEnd() const { return at_ == in_.size(); }

 private:
  uint64_t Fail() {
    ok_ = false;
    at_ = in_.size();
    return 0;
  }
  std::string_view in_;
  size_t at_ = 0;
  bool ok_ = true;
};

}  // namespace stenogram::wire
