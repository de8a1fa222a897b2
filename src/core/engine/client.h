// client: the viewer's side of the engine protocol. Panels ask for what they need each frame
// (Ask<SearchRequest>(...)); the first ask sends the request and returns null, later asks return
// the decoded answer once it has arrived. Answers are kept by request bytes (so every panel that
// asks the same thing shares one answer) and dropped least recently used. The transport is given
// from outside: the browser posts to the archive worker and answers come back through Deliver;
// doctest and native tools call an Engine directly, so an ask is answered at once.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/engine/protocol.h"

namespace stenogram {

class Client {
 public:
  // Sends one request: seq identifies its answer, slot groups requests a newer one supersedes.
  using Transport = std::function<void(uint64_t seq, const char* slot, const std::string& bytes)>;

  void SetTransport(Transport t) { transport_ = std::move(t); }

  // The answer to request if it has arrived; otherwise sends it (once) and returns null. A failed
  // request answers with an empty Answer and sets LastError(). The pointer stays valid until the
  // next BeginFrame or Reset.
  template <class R>
  const typename R::Answer* Ask(const R& request) {
    const std::string key = EncodeRequest(request);
    Entry* e = Find(key);
    if (!e) {
      e = Insert(key, [](const std::string& bytes, std::string* error) -> std::shared_ptr<void> {
        auto answer = std::make_shared<typename R::Answer>();
        if (!DecodeAnswer(bytes, answer.get(), error)) *answer = typename R::Answer{};
        return answer;
      });
      Send(key, SlotOf(request));
      e = Find(key);  // an in-process transport may have answered (and rehashed) already
      if (!e) return nullptr;
    }
    e->used = frame_;
    return e->answer ? static_cast<const typename R::Answer*>(e->answer.get()) : nullptr;
  }

  // Forgets the answer to request (the next ask sends it again).
  template <class R>
  void Forget(const R& request) {
    auto it = entries_.find(EncodeRequest(request));
    if (it != entries_.end() && it->second.answer) entries_.erase(it);
  }

  // True when the answer to request has arrived (does not send it).
  template <class R>
  bool Has(const R& request) const {
    auto it = entries_.find(EncodeRequest(request));
    return it != entries_.end() && it->second.answer;
  }

  // An answer (or a "dropped" notice: the engine skipped a superseded request) from the transport.
  void Deliver(uint64_t seq, const std::string& bytes);
  void Dropped(uint64_t seq);

  // Called once per frame before panels ask: frees answers not used for a while when many are kept.
  void BeginFrame(double now_seconds);
  // Forgets every answer and every request in flight (a new archive was opened).
  void Reset();

  bool Busy() const { return !in_flight_.empty(); }
  // Seconds since the oldest request still in flight was sent (0 when none).
  double WaitingSeconds() const;
  // Answers delivered since the last call (the page draws a frame when something arrived).
  uint64_t TakeArrivals();
  const std::string& LastError() const { return last_error_; }
  void ClearError() { last_error_.clear(); }
  uint64_t Generation() const { return generation_; }

 private:
  using Decoder = std::shared_ptr<void> (*)(const std::string& bytes, std::string* error);
  struct Entry {
    Decoder decode = nullptr;
    std::shared_ptr<void> answer;  // null while in flight
    uint64_t seq = 0;
    uint64_t used = 0;             // frame it was last asked for
    double sent_at = 0;
  };
  Entry* Find(const std::string& key);
  Entry* Insert(const std::string& key, Decoder decode);
  void Send(const std::string& key, const char* slot);

  Transport transport_;
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_map<uint64_t, std::string> in_flight_;  // seq → key
  uint64_t next_seq_ = 1;
  uint64_t frame_ = 0;
  double now_ = 0;
  uint64_t arrivals_ = 0;
  uint64_t generation_ = 0;
  std::string last_error_;
};

}  // namespace stenogram
