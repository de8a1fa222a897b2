// client: cached answers of the engine protocol (see client.h).
#include "core/engine/client.h"

#include <algorithm>
#include <vector>

namespace stenogram {

namespace {
constexpr size_t kKeepAnswers = 192;  // past this, answers unused for kIdleFrames frames are freed
constexpr uint64_t kIdleFrames = 2;
}  // namespace

Client::Entry* Client::Find(const std::string& key) {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

Client::Entry* Client::Insert(const std::string& key, Decoder decode) {
  Entry& e = entries_[key];
  e.decode = decode;
  e.seq = next_seq_++;
  e.used = frame_;
  e.sent_at = now_;
  in_flight_[e.seq] = key;
  return &e;
}

void Client::Send(const std::string& key, const char* slot) {
  const uint64_t seq = entries_[key].seq;
  if (!transport_) {  // nothing to send to: answer at once with a failure
    Deliver(seq, EncodeFailure("no archive engine"));
    return;
  }
  transport_(seq, slot, key);
}

void Client::Deliver(uint64_t seq, const std::string& bytes) {
  auto f = in_flight_.find(seq);
  if (f == in_flight_.end()) return;  // superseded by Reset, or unknown: ignored
  const std::string key = std::move(f->second);
  in_flight_.erase(f);
  Entry* e = Find(key);
  if (!e || e->seq != seq) return;
  std::string error;
  e->answer = e->decode(bytes, &error);
  if (!error.empty()) last_error_ = error;
  ++arrivals_;
}

void Client::Dropped(uint64_t seq) {
  auto f = in_flight_.find(seq);
  if (f == in_flight_.end()) return;
  const std::string key = std::move(f->second);
  in_flight_.erase(f);
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.seq == seq && !it->second.answer) entries_.erase(it);  // asked again → sent again
  ++arrivals_;
}

void Client::BeginFrame(double now_seconds) {
  ++frame_;
  now_ = now_seconds;
  if (entries_.size() <= kKeepAnswers) return;
  std::vector<std::pair<uint64_t, const std::string*>> idle;
  for (const auto& [key, e] : entries_)
    if (e.answer && e.used + kIdleFrames < frame_) idle.emplace_back(e.used, &key);
  std::sort(idle.begin(), idle.end());
  const size_t excess = entries_.size() - kKeepAnswers;
  std::vector<std::string> drop;
  for (size_t i = 0; i < idle.size() && i < excess; ++i) drop.push_back(*idle[i].second);
  for (const std::string& key : drop) entries_.erase(key);
}

void Client::Reset() {
  entries_.clear();
  in_flight_.clear();
  last_error_.clear();
  ++generation_;
  ++arrivals_;
}

double Client::WaitingSeconds() const {
  double oldest = now_;
  for (const auto& [seq, key] : in_flight_) {
    auto it = entries_.find(key);
    if (it != entries_.end()) oldest = std::min(oldest, it->second.sent_at);
  }
  return now_ - oldest;
}

uint64_t Client::TakeArrivals() {
  const uint64_t n = arrivals_;
  arrivals_ = 0;
  return n;
}

}  // namespace stenogram
