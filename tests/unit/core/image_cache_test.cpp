#include "core/image_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace dashboard::core {
namespace {

using Handles = std::vector<TextureHandle>;

// "/a" -> 1, "/b" -> 2, ...: a texture name per test URL.
TextureHandle handle_of(const char* url) {
  return static_cast<TextureHandle>(url[1] - 'a') + 1;
}

ImageCacheConfig small_budget() {
  ImageCacheConfig config;
  config.byte_budget = 300;
  config.retry_failed_after_ms = 10000;
  config.load_timeout_ms = 5000;
  return config;
}

TEST(ImageCache, FirstLookupAsksForOneLoad) {
  ImageCache cache;
  cache.begin_frame(0);
  const ImageLookup first = cache.lookup("/covers/a.png");
  EXPECT_EQ(first.state, ImageState::Loading);
  EXPECT_TRUE(first.start_load);
  const ImageLookup again = cache.lookup("/covers/a.png");
  EXPECT_EQ(again.state, ImageState::Loading);
  EXPECT_FALSE(again.start_load);
  cache.begin_frame(16);
  EXPECT_FALSE(cache.lookup("/covers/a.png").start_load);
  EXPECT_EQ(cache.count(ImageState::Loading), 1u);
}

TEST(ImageCache, LoadedImageIsReadyWithItsTexture) {
  ImageCache cache;
  cache.begin_frame(0);
  (void)cache.lookup("/covers/a.png");
  EXPECT_EQ(cache.loaded("/covers/a.png", 7, 160, 120, 160 * 120 * 4), Handles{});
  cache.begin_frame(16);
  const ImageLookup ready = cache.lookup("/covers/a.png");
  EXPECT_EQ(ready.state, ImageState::Ready);
  EXPECT_FALSE(ready.start_load);
  EXPECT_EQ(ready.texture, 7u);
  EXPECT_EQ(ready.width, 160);
  EXPECT_EQ(ready.height, 120);
  EXPECT_EQ(cache.bytes_used(), 160u * 120 * 4);
}

TEST(ImageCache, FailureIsRememberedThenRetried) {
  ImageCache cache(small_budget());
  cache.begin_frame(1000);
  (void)cache.lookup("/missing.png");
  cache.failed("/missing.png");
  for (UnixMillis t = 1016; t < 11000; t += 1000) {
    cache.begin_frame(t);
    const ImageLookup l = cache.lookup("/missing.png");
    EXPECT_EQ(l.state, ImageState::Failed) << t;
    EXPECT_FALSE(l.start_load) << t;
  }
  cache.begin_frame(11000);
  const ImageLookup retry = cache.lookup("/missing.png");
  EXPECT_EQ(retry.state, ImageState::Loading);
  EXPECT_TRUE(retry.start_load);
}

TEST(ImageCache, LoadThatNeverFinishesTimesOut) {
  ImageCache cache(small_budget());
  cache.begin_frame(0);
  (void)cache.lookup("/slow.png");
  cache.begin_frame(4999);
  EXPECT_EQ(cache.lookup("/slow.png").state, ImageState::Loading);
  cache.begin_frame(5000);
  EXPECT_EQ(cache.lookup("/slow.png").state, ImageState::Failed);
  // The late texture is handed back for deletion, not adopted.
  EXPECT_EQ(cache.loaded("/slow.png", 9, 10, 10, 100), Handles{9});
  EXPECT_EQ(cache.bytes_used(), 0u);
}

TEST(ImageCache, UnrequestedOrDuplicateLoadsAreHandedBack) {
  ImageCache cache;
  cache.begin_frame(0);
  EXPECT_EQ(cache.loaded("/never-asked.png", 3, 1, 1, 4), Handles{3});
  (void)cache.lookup("/a.png");
  EXPECT_EQ(cache.loaded("/a.png", 4, 1, 1, 4), Handles{});
  EXPECT_EQ(cache.loaded("/a.png", 5, 1, 1, 4), Handles{5});
  EXPECT_EQ(cache.lookup("/a.png").texture, 4u);
  cache.failed("/a.png");  // too late: it is Ready
  EXPECT_EQ(cache.lookup("/a.png").state, ImageState::Ready);
}

TEST(ImageCache, EvictsLeastRecentlyUsedOverBudget) {
  ImageCache cache(small_budget());  // room for three 100-byte images
  cache.begin_frame(0);
  for (const char* url : {"/a", "/b", "/c"}) {
    (void)cache.lookup(url);
    EXPECT_EQ(cache.loaded(url, handle_of(url), 5, 5, 100), Handles{});
  }
  cache.begin_frame(16);
  (void)cache.lookup("/a");  // a is now more recent than b and c
  cache.begin_frame(32);
  (void)cache.lookup("/d");
  EXPECT_EQ(cache.loaded("/d", 4, 5, 5, 100), Handles{2});  // b: least recently used
  EXPECT_EQ(cache.bytes_used(), 300u);
  cache.begin_frame(48);
  EXPECT_TRUE(cache.lookup("/b").start_load);  // evicted: loads again
  EXPECT_EQ(cache.lookup("/a").state, ImageState::Ready);
  EXPECT_EQ(cache.lookup("/c").state, ImageState::Ready);
}

TEST(ImageCache, NeverEvictsWhatThisFrameUses) {
  ImageCache cache(small_budget());
  cache.begin_frame(0);
  for (const char* url : {"/a", "/b", "/c", "/d"}) (void)cache.lookup(url);
  Handles evicted;
  for (const char* url : {"/a", "/b", "/c", "/d"}) {
    const Handles gone = cache.loaded(url, handle_of(url), 5, 5, 100);
    evicted.insert(evicted.end(), gone.begin(), gone.end());
  }
  // All four were looked up this frame: over budget, but nothing goes.
  EXPECT_EQ(evicted, Handles{});
  EXPECT_EQ(cache.bytes_used(), 400u);
  cache.begin_frame(16);
  for (const char* url : {"/c", "/d"}) (void)cache.lookup(url);
  (void)cache.lookup("/e");
  EXPECT_EQ(cache.loaded("/e", 5, 5, 5, 100), (Handles{1, 2}));
  EXPECT_EQ(cache.bytes_used(), 300u);
}

TEST(ImageCache, ImageLargerThanTheBudgetShowsWhileUsed) {
  ImageCache cache(small_budget());
  cache.begin_frame(0);
  (void)cache.lookup("/huge");
  EXPECT_EQ(cache.loaded("/huge", 1, 100, 100, 40000), Handles{});
  cache.begin_frame(16);
  EXPECT_EQ(cache.lookup("/huge").state, ImageState::Ready);
  cache.begin_frame(32);
  (void)cache.lookup("/small");
  EXPECT_EQ(cache.loaded("/small", 2, 5, 5, 100), Handles{1});
  EXPECT_EQ(cache.bytes_used(), 100u);
}

TEST(ImageCache, FailuresAndLoadsCostNoBytes) {
  ImageCache cache(small_budget());
  cache.begin_frame(0);
  for (int i = 0; i < 50; ++i) {
    const std::string url = "/broken/" + std::to_string(i);
    (void)cache.lookup(url);
    cache.failed(url);
  }
  (void)cache.lookup("/pending");
  EXPECT_EQ(cache.count(ImageState::Failed), 50u);
  EXPECT_EQ(cache.count(ImageState::Loading), 1u);
  EXPECT_EQ(cache.bytes_used(), 0u);
  cache.begin_frame(10000);                        // every failure is old enough to forget
  EXPECT_EQ(cache.count(ImageState::Failed), 1u);  // only the timed-out load
}

TEST(ImageCache, ClearHandsBackEveryTexture) {
  ImageCache cache;
  cache.begin_frame(0);
  (void)cache.lookup("/a");
  (void)cache.lookup("/b");
  (void)cache.lookup("/c");
  EXPECT_EQ(cache.loaded("/a", 11, 1, 1, 4), Handles{});
  EXPECT_EQ(cache.loaded("/b", 12, 1, 1, 4), Handles{});
  EXPECT_EQ(cache.clear(), (Handles{11, 12}));
  EXPECT_EQ(cache.bytes_used(), 0u);
  // /c's load was still in flight: its texture is no longer wanted.
  EXPECT_EQ(cache.loaded("/c", 13, 1, 1, 4), Handles{13});
}

}  // namespace
}  // namespace dashboard::core
