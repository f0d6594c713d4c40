// idempotent_requests: the Idempotency-Key header on mutating requests.
//
// The same key with the same request (method, target, body) within 24 h
// returns the first answer, marked `Idempotent-Replayed: true`, without
// doing the work again; the same key with another request is a 422; a key
// whose first request has not answered yet is a 409 with Retry-After.
// Requests that changed nothing (a refused edit, a 503) keep no key, so a
// retry is simply tried again.
#pragma once

#include <functional>
#include <optional>
#include <string_view>

#include "api/api_types.hpp"

namespace dashboard::server::api {

// POST, PUT, PATCH and DELETE carrying the header.
bool wants_idempotency(const ApiRequest& req);

// Runs `route` at most once per (caller, key, request); nullopt when the
// header is to be ignored here (no store for keys).
ApiResponse answer_idempotently(const ApiContext& context, const ApiRequest& req,
                                const Caller& caller, const std::function<ApiResponse()>& route);

}  // namespace dashboard::server::api
