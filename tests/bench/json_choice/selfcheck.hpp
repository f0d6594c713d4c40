// Correctness gate run before any timing: a fast decoder that accepts bad
// documents (or rejects good ones) must not win the benchmark.
#pragma once

#include "libraries.hpp"

namespace json_choice {

// Checks the shared checkers once, then every library on valid and invalid
// documents. Prints each failure to stderr; returns the number of failures.
int RunSelfCheck();

}  // namespace json_choice
