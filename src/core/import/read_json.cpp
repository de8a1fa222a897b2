// read_json: the JSON (an array of records, or an object holding one with metadata beside it) and
// JSONL (one record per line) readers.
#include "core/import/read_context.h"

#include <algorithm>

#include "core/import/input_limits.h"
#include "core/import/json_record.h"

namespace stenogram::import_detail {

namespace {

// ---- [SECTION] JSON and JSONL ----

// Line and column (1-based) of a byte offset.
std::pair<int64_t, int64_t> LineColumn(std::string_view s, size_t offset) {
  offset = std::min(offset, s.size());
  int64_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (s[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, static_cast<int64_t>(offset - line_start) + 1};
}

// nlohmann's message without its "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
std::string CleanJsonMessage(const std::string& what) {
  std::string m = what;
  const size_t colon = m.find(": ");
  if (m.rfind("[json.exception", 0) == 0 && colon != std::string::npos) m = m.substr(colon + 2);
  return m;
}

// SAX handler: streams the elements of a root array as records; collects a root object's members
// (decided after the parse: records in an array, or an object of records, plus metadata).
class RecordSax {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  explicit RecordSax(FileContext* c) : c_(c) {}

  bool null() { return Scalar(Json(nullptr)); }
  bool boolean(bool v) { return Scalar(Json(v)); }
  bool number_integer(number_integer_t v) { return Scalar(Json(v)); }
  bool number_unsigned(number_unsigned_t v) { return Scalar(Json(v)); }
  bool number_float(number_float_t v, const string_t&) { return Scalar(Json(v)); }
  bool string(string_t& v) { return Scalar(Json(std::move(v))); }
  bool binary(binary_t&) { return Scalar(Json(nullptr)); }
  bool start_object(std::size_t) { return Open(Json::object()); }
  bool start_array(std::size_t) { return Open(Json::array()); }
  bool key(string_t& k) {
    if (stack_.empty()) {
      root_key_ = k;
    } else {
      pending_ = &(*stack_.back())[k];
    }
    return true;
  }
  bool end_object() { return Close(); }
  bool end_array() { return Close(); }
  bool parse_error(std::size_t position, const std::string&, const Json::exception& ex) {
    error_position_ = position;
    error_message_ = CleanJsonMessage(ex.what());
    failed_ = true;
    return false;
  }

  bool failed_ = false;
  size_t error_position_ = 0;
  std::string error_message_;
  int root_ = 0;  // 0 none yet, 1 array, 2 object, 3 scalar
  std::vector<std::pair<std::string, Json>> members_;  // root object members
  int64_t index_ = 0;                                  // root array elements seen

 private:
  // Places v where the builder expects the next value; returns the address it now lives at.
  Json* Place(Json&& v) {
    if (stack_.empty()) {
      value_ = std::move(v);
      return &value_;
    }
    Json* top = stack_.back();
    if (top->is_array()) {
      top->push_back(std::move(v));
      return &top->back();
    }
    *pending_ = std::move(v);
    return pending_;
  }
  bool Scalar(Json&& v) {
    if (depth_ == 0) {
      root_ = 3;
      members_.emplace_back("", std::move(v));
      return true;
    }
    if (!building_) {
      Json tmp = std::move(v);
      Complete(std::move(tmp));
      return true;
    }
    Place(std::move(v));
    return true;
  }
  bool Open(Json&& container) {
    if (depth_ == 0) {
      root_ = container.is_array() ? 1 : 2;
      ++depth_;
      return true;
    }
    ++depth_;
    if (!building_) {
      building_ = true;
      value_ = std::move(container);
      stack_.push_back(&value_);
      return true;
    }
    stack_.push_back(Place(std::move(container)));
    return true;
  }
  bool Close() {
    --depth_;
    if (depth_ == 0) return true;  // the root closes
    stack_.pop_back();
    if (stack_.empty()) {
      building_ = false;
      Complete(std::move(value_));
      value_ = Json();
    }
    return true;
  }
  void Complete(Json&& v) {
    if (root_ == 1) {
      ++index_;
      TakeRecord(*c_, std::move(v), 0, index_);
    } else {
      members_.emplace_back(root_key_, std::move(v));
    }
  }

  FileContext* c_;
  int depth_ = 0;
  bool building_ = false;
  Json value_;
  std::vector<Json*> stack_;
  Json* pending_ = nullptr;
  std::string root_key_;
};

bool IsRecordArray(const Json& v) {
  if (!v.is_array() || v.empty()) return false;
  for (const auto& item : v)
    if (item.is_object()) return true;
  return false;
}

std::string MetaValue(const Json& v) {
  return v.is_string() ? v.get_ref<const std::string&>() : v.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace

void ReadJson(FileContext& c, std::string_view data) {
  if (const size_t at = JsonTooDeepAt(data); at != std::string_view::npos) {
    const auto [line, column] = LineColumn(data, at);
    c.Reject(line, 0, "", "nested too deep",
             "column " + std::to_string(column) + ": more than " + std::to_string(kMaxJsonDepth) +
                 " levels of objects and arrays; the file was not read");
    return;
  }
  RecordSax sax(&c);
  Json::sax_parse(data.begin(), data.end(), &sax, Json::input_format_t::json, true);
  if (sax.failed_) {
    const auto [line, column] = LineColumn(data, sax.error_position_ > 0 ? sax.error_position_ - 1 : 0);
    std::string detail = "column " + std::to_string(column) + ": " + sax.error_message_;
    if (sax.root_ == 1)
      detail += "; " + std::to_string(sax.index_) + " records before it were read, the rest of the file was not";
    Problem p;
    p.file = c.input.name;
    p.line = line;
    p.reason = "malformed JSON";
    p.detail = detail;
    c.report->Reject(std::move(p), c.options.max_problems);
    if (sax.root_ != 2) return;  // a root object's complete members are still usable
  }
  if (sax.root_ == 3) {
    c.Reject(1, 0, "", "not a record", "the file holds a single " + JsonTypeName(sax.members_.front().second));
    return;
  }
  if (sax.root_ != 2) return;
  // Root object: records are the elements of its arrays of objects (preferring a conventional
  // name when there are several), else its object-valued members; the rest is metadata.
  static constexpr const char* kPreferred[] = {"documents", "records", "items", "data", "results", "entries",
                                               "rows", "speeches", "articles", "transcripts", "posts", "messages"};
  std::vector<size_t> arrays;
  size_t objects = 0;
  for (size_t i = 0; i < sax.members_.size(); ++i) {
    if (IsRecordArray(sax.members_[i].second)) arrays.push_back(i);
    if (sax.members_[i].second.is_object()) ++objects;
  }
  if (arrays.size() > 1) {
    for (const char* name : kPreferred) {
      auto hit = std::find_if(arrays.begin(), arrays.end(), [&](size_t i) { return sax.members_[i].first == name; });
      if (hit != arrays.end()) {
        arrays = {*hit};
        break;
      }
    }
    if (arrays.size() > 1) arrays.resize(1);
  }
  const bool single_record = arrays.empty() && objects == 0;
  if (single_record) {
    Json rec = Json::object();
    for (auto& [key, value] : sax.members_) rec[key] = std::move(value);
    TakeRecord(c, std::move(rec), 1, 1);
    return;
  }
  int64_t record = 0;
  for (size_t i = 0; i < sax.members_.size(); ++i) {
    auto& [key, value] = sax.members_[i];
    const bool is_records = arrays.empty() ? value.is_object()
                                           : std::find(arrays.begin(), arrays.end(), i) != arrays.end();
    if (!is_records) {
      if (value.is_null()) continue;
      c.meta->emplace_back(key, MetaValue(value));
      continue;
    }
    if (value.is_array()) {
      for (auto& item : value) TakeRecord(c, std::move(item), 0, ++record);
    } else {
      // An object of records: the member name is the id unless the record has its own.
      Json rec = std::move(value);
      bool has_id = false;
      for (const auto& [k, v] : rec.items()) {
        std::string lower = k;
        for (char& ch : lower)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        if (lower == "id") has_id = true;
      }
      if (!has_id) rec["id"] = key;
      TakeRecord(c, std::move(rec), 0, ++record);
    }
  }
}

void ReadJsonl(FileContext& c, std::string_view data) {
  data = SkipBom(data);
  size_t pos = 0;
  int64_t line = 0, record = 0;
  while (pos < data.size()) {
    size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    std::string_view text = data.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
    size_t b = 0;
    while (b < text.size() && static_cast<unsigned char>(text[b]) <= ' ') ++b;
    text.remove_prefix(b);
    if (text.empty()) continue;
    ++record;
    if (text.size() > kMaxRecordBytes) {
      ++c.report->read;
      c.Reject(line, record, "", "record too large",
               std::to_string(text.size() >> 20) + " MB on one line; at most " +
                   std::to_string(kMaxRecordBytes >> 20) + " MB per record");
      continue;
    }
    // The fast reader takes the usual record (and checks its depth as it goes); anything else, and
    // every error, goes to the depth check and nlohmann.
    Json rec;
    if (!ParseJsonRecordFast(text, &rec, kMaxJsonDepth)) {
      if (const size_t at = JsonTooDeepAt(text); at != std::string_view::npos) {
        ++c.report->read;
        c.Reject(line, record, "", "nested too deep",
                 "column " + std::to_string(at + b + 1) + ": more than " + std::to_string(kMaxJsonDepth) +
                     " levels of objects and arrays");
        continue;
      }
      rec = Json::parse(text.begin(), text.end(), nullptr, false);
    }
    if (rec.is_discarded()) {
      ++c.report->read;
      // Parse again only to learn where and why the line fails.
      struct ErrorSax : nlohmann::json_sax<Json> {
        size_t position = 0;
        std::string message;
        bool null() override { return true; }
        bool boolean(bool) override { return true; }
        bool number_integer(number_integer_t) override { return true; }
        bool number_unsigned(number_unsigned_t) override { return true; }
        bool number_float(number_float_t, const string_t&) override { return true; }
        bool string(string_t&) override { return true; }
        bool binary(binary_t&) override { return true; }
        bool start_object(std::size_t) override { return true; }
        bool key(string_t&) override { return true; }
        bool end_object() override { return true; }
        bool start_array(std::size_t) override { return true; }
        bool end_array() override { return true; }
        bool parse_error(std::size_t p, const std::string&, const nlohmann::detail::exception& ex) override {
          position = p;
          message = CleanJsonMessage(ex.what());
          return false;
        }
      } err;
      Json::sax_parse(text.begin(), text.end(), &err, Json::input_format_t::json, true);
      c.Reject(line, record, "", "malformed JSON",
               "column " + std::to_string(err.position + b) + ": " + err.message);
      continue;
    }
    TakeRecord(c, std::move(rec), line, record);
  }
}

}  // namespace stenogram::import_detail
