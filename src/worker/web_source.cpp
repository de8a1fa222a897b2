// web_source: JsSource over the JavaScript sources of web/worker.js (see web_source.h).
#include "worker/web_source.h"

#include <emscripten.h>

// Returns 1 when view was filled, else 0 with the reason written to err (UTF-8, NUL-terminated).
// The JS side throws nothing: a failure (network, HTTP status, changed file) comes back as text.
EM_JS(int, stn_js_source_read, (int id, double offset, double length, unsigned char* dst, char* err, int err_len), {
  var view = HEAPU8.subarray(dst, dst + length);
  var message;
  try {
    var source = self.stenogramSources && self.stenogramSources[id];
    message = source ? source.read(offset, length, view) : 'the archive source is gone';
  } catch (e) {
    message = String(e && e.message || e);
  }
  if (!message) return 1;
  stringToUTF8(message, err, err_len);
  return 0;
});

namespace stenogram {

bool JsSource::Read(uint64_t offset, size_t length, unsigned char* buffer, std::string* error) {
  char message[512] = {};
  if (stn_js_source_read(id_, static_cast<double>(offset), static_cast<double>(length), buffer, message,
                         sizeof message))
    return true;
  *error = message[0] ? message : "the archive could not be read";
  return false;
}

}  // namespace stenogram
