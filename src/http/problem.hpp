// The one mapping from relais::Error to an RFC 9457 problem+json response.
#pragma once

#include "core/error.hpp"
#include "core/messages.hpp"
#include "http/message.hpp"

namespace relais::http {

int status_of(ErrorKind kind);

Response problem_response(const Error& error, Lang lang);

}  // namespace relais::http
