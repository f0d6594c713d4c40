#include "core/uuid.hpp"

#include <gtest/gtest.h>

namespace dashboard::core {
namespace {

TEST(Uuid, AcceptsCanonicalV4) {
  EXPECT_TRUE(is_uuid_v4("0b9c6c1e-8d4f-4a55-9a0e-3f1d2c4b5a69"));
  EXPECT_TRUE(is_uuid_v4("0B9C6C1E-8D4F-4A55-BA0E-3F1D2C4B5A69"));
}

TEST(Uuid, RejectsOtherVersionsVariantsAndShapes) {
  for (const char* bad : {"", "0b9c6c1e8d4f4a559a0e3f1d2c4b5a69",
                          "0b9c6c1e-8d4f-1a55-9a0e-3f1d2c4b5a69",   // version 1
                          "0b9c6c1e-8d4f-4a55-ca0e-3f1d2c4b5a69",   // variant
                          "0b9c6c1e-8d4f-4a55-9a0e-3f1d2c4b5a6",    // short
                          "0b9c6c1e-8d4f-4a55-9a0e-3f1d2c4b5a69a",  // long
                          "0b9c6c1g-8d4f-4a55-9a0e-3f1d2c4b5a69",   // not hex
                          "{b9c6c1e-8d4f-4a55-9a0e-3f1d2c4b5a69}"}) {
    EXPECT_FALSE(is_uuid_v4(bad)) << bad;
  }
}

}  // namespace
}  // namespace dashboard::core
