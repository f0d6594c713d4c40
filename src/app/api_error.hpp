// api_error: what a failed API answer says, read from the shared error body
// {"error":{"code","message","field"?,"current"?}}: a 400 names the field
// it refuses, a 409 carries the MOC as it is now.
//
//   const ApiError e = read_api_error(response);
//   if (e.status == 409 && e.current) show_conflict(*e.current);
//   toast("Could not save", e.message);  // "coveragePercentage: must be ..."
#pragma once

#include <optional>
#include <string>

#include "app/transport.hpp"
#include "core/model.hpp"

namespace dashboard::app {

struct ApiError {
  int status = 0;       // 0: no answer at all
  std::string code;     // "VALIDATION_FAILED", "CONFLICT", ...; empty when the body has none
  std::string message;  // for a person; never empty
  std::string field;    // the field a 400 refuses (its wire name), when named
  std::optional<core::Moc> current;  // a 409's MOC as it is now
};

ApiError read_api_error(const HttpResponse& response);

}  // namespace dashboard::app
