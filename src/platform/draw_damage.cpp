#include "platform/draw_damage.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace dashboard::platform {
namespace {

bool touch(const PixelRect& a, const PixelRect& b) {
  return a.x0 <= b.x1 && b.x0 <= a.x1 && a.y0 <= b.y1 && b.y0 <= a.y1;
}

PixelRect bounding(const PixelRect& a, const PixelRect& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return PixelRect{std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1),
                   std::max(a.y1, b.y1)};
}

PixelRect intersect(const PixelRect& a, const PixelRect& b) {
  return PixelRect{std::max(a.x0, b.x0), std::max(a.y0, b.y0), std::min(a.x1, b.x1),
                   std::min(a.y1, b.y1)};
}

// What joining `a` and `b` into their bounding box adds to the pixels
// redrawn: the corners of an L, the inside of a ring. Negative: they overlap.
long long join_cost(const PixelRect& a, const PixelRect& b) {
  return bounding(a, b).area() - a.area() - b.area();
}

// Below this many added pixels a join costs less than the pass it saves
// (each rectangle is a render pass: the lists inside it are sent again).
constexpr long long kFreeJoinPixels = 32 * 32;

// Up to this many changed triangles are boxed one by one (add_rect costs
// about 2,000 comparisons each once the list is long: ~4 ms of wasm here).
constexpr std::size_t kTrianglesToBoxEach = 2000;

// Joins every pair that touches and costs (almost) nothing to join, until
// none is left: a line of glyphs becomes one box, a card's outline (four
// thin sides of a flash) stays four.
void join_cheap_pairs(std::vector<PixelRect>& rects) {
  for (bool joined = true; joined;) {
    joined = false;
    for (std::size_t i = 0; i < rects.size() && !joined; ++i) {
      for (std::size_t j = i + 1; j < rects.size(); ++j) {
        if (!touch(rects[i], rects[j]) || join_cost(rects[i], rects[j]) > kFreeJoinPixels) {
          continue;
        }
        rects[i] = bounding(rects[i], rects[j]);
        rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(j));
        joined = true;  // the grown box may now touch one seen before
        break;
      }
    }
  }
}

// Joins the cheapest pair until at most `max_rects` are left.
void join_down_to(std::vector<PixelRect>& rects, std::size_t max_rects) {
  while (rects.size() > std::max<std::size_t>(max_rects, 1)) {
    std::size_t best_i = 0;
    std::size_t best_j = 1;
    long long best = join_cost(rects[0], rects[1]);
    for (std::size_t i = 0; i < rects.size(); ++i) {
      for (std::size_t j = i + 1; j < rects.size(); ++j) {
        const long long cost = join_cost(rects[i], rects[j]);
        if (cost < best) {
          best = cost;
          best_i = i;
          best_j = j;
        }
      }
    }
    rects[best_i] = bounding(rects[best_i], rects[best_j]);
    rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(best_j));
  }
}

// Adds `rect` to `rects`, grown into one that already covers most of it;
// the list is kept short as it grows (a changed line of text is hundreds
// of triangles).
void add_rect(std::vector<PixelRect>& rects, const PixelRect& rect) {
  if (rect.empty()) return;
  // Triangles come in drawing order, so the next one usually continues the
  // last box (the next glyph, the next segment of an outline): O(1) then.
  if (!rects.empty() && touch(rects.back(), rect) &&
      join_cost(rects.back(), rect) <= kFreeJoinPixels) {
    rects.back() = bounding(rects.back(), rect);
    return;
  }
  for (PixelRect& r : rects) {
    if (touch(r, rect) && join_cost(r, rect) <= 0) {
      r = bounding(r, rect);
      return;
    }
  }
  rects.push_back(rect);
  if (rects.size() > 64) join_down_to(rects, 48);
}

}  // namespace

std::vector<PixelRect> disjoint_rects(const std::vector<PixelRect>& rects) {
  std::vector<PixelRect> out;
  for (const PixelRect& rect : rects) {
    // `rect` less every box already out: what is left of it, in pieces.
    std::vector<PixelRect> pieces{rect};
    for (const PixelRect& taken : out) {
      std::vector<PixelRect> left;
      for (const PixelRect& p : pieces) {
        const PixelRect common = intersect(p, taken);
        if (common.empty()) {
          left.push_back(p);
          continue;
        }
        const PixelRect above{p.x0, p.y0, p.x1, common.y0};
        const PixelRect below{p.x0, common.y1, p.x1, p.y1};
        const PixelRect before{p.x0, common.y0, common.x0, common.y1};
        const PixelRect after{common.x1, common.y0, p.x1, common.y1};
        for (const PixelRect& piece : {above, below, before, after}) {
          if (!piece.empty()) left.push_back(piece);
        }
      }
      pieces = std::move(left);
    }
    out.insert(out.end(), pieces.begin(), pieces.end());
  }
  return out;
}

std::vector<PixelRect> merge_rects(std::vector<PixelRect> rects, std::size_t max_rects) {
  std::erase_if(rects, [](const PixelRect& r) { return r.empty(); });
  join_cheap_pairs(rects);
  join_down_to(rects, max_rects);
  return rects;
}

void DrawDamage::flatten(const ImDrawList& list, std::vector<Item>& out) {
  out.clear();
  for (const ImDrawCmd& cmd : list.CmdBuffer) {
    if (cmd.UserCallback != nullptr) {
      out.push_back(Item{{}, cmd.ClipRect, nullptr, cmd.UserCallback});
      continue;
    }
    for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
      Item item{{}, cmd.ClipRect, cmd.GetTexID(), nullptr};
      for (unsigned k = 0; k < 3; ++k) {
        item.v[k] = list.VtxBuffer[static_cast<int>(
            cmd.VtxOffset + list.IdxBuffer[static_cast<int>(cmd.IdxOffset + i + k)])];
      }
      out.push_back(item);
    }
  }
}

namespace {

// Float ==: 0 and -0 draw alike, and a NaN only costs a redraw.
bool same_clip(const ImVec4& a, const ImVec4& b) {
  return a.x == b.x && a.y == b.y && a.z == b.z && a.w == b.w;
}

bool same_vertex(const ImDrawVert& a, const ImDrawVert& b) {
  return a.pos.x == b.pos.x && a.pos.y == b.pos.y && a.uv.x == b.uv.x && a.uv.y == b.uv.y &&
         a.col == b.col;
}

}  // namespace

bool DrawDamage::same(const Item& a, const Item& b) {
  if (a.callback != nullptr || b.callback != nullptr) {
    // A reset only restores GL state; any other callback draws what the
    // draw data cannot show (the shimmer moves every frame).
    return a.callback == b.callback && a.callback == ImDrawCallback_ResetRenderState &&
           same_clip(a.clip, b.clip);
  }
  return a.texture == b.texture && same_clip(a.clip, b.clip) && same_vertex(a.v[0], b.v[0]) &&
         same_vertex(a.v[1], b.v[1]) && same_vertex(a.v[2], b.v[2]);
}

PixelRect DrawDamage::item_rect(const Item& item, const PixelRect& bounds) {
  float x0 = item.clip.x;
  float y0 = item.clip.y;
  float x1 = item.clip.z;
  float y1 = item.clip.w;
  if (item.callback == nullptr) {
    float min_x = item.v[0].pos.x;
    float min_y = item.v[0].pos.y;
    float max_x = min_x;
    float max_y = min_y;
    for (const ImDrawVert& v : item.v) {
      min_x = std::min(min_x, v.pos.x);
      min_y = std::min(min_y, v.pos.y);
      max_x = std::max(max_x, v.pos.x);
      max_y = std::max(max_y, v.pos.y);
    }
    x0 = std::max(x0, min_x);
    y0 = std::max(y0, min_y);
    x1 = std::min(x1, max_x);
    y1 = std::min(y1, max_y);
  } else if (item.callback == ImDrawCallback_ResetRenderState) {
    return PixelRect{};  // draws nothing
  }
  if (!(x1 > x0 && y1 > y0)) return PixelRect{};  // clipped away, or NaN
  // One pixel of margin: a pixel is drawn when its centre is covered, and
  // anti-aliased edges are part of the triangles already.
  const PixelRect touched{static_cast<int>(std::floor(x0)) - 1,
                          static_cast<int>(std::floor(y0)) - 1, static_cast<int>(std::ceil(x1)) + 1,
                          static_cast<int>(std::ceil(y1)) + 1};
  return intersect(touched, bounds);
}

std::vector<PixelRect> DrawDamage::update(const ImDrawData& data, bool everything) {
  // The UI works in device pixels (framebuffer scale 1, display at 0,0); a
  // display anywhere else is not worth the arithmetic: redraw it all.
  const bool device_pixels = data.DisplayPos.x == 0 && data.DisplayPos.y == 0 &&
                             data.FramebufferScale.x == 1 && data.FramebufferScale.y == 1;
  const PixelRect bounds{0, 0, static_cast<int>(std::ceil(data.DisplaySize.x)),
                         static_cast<int>(std::ceil(data.DisplaySize.y))};
  bool full = everything || !device_pixels || data.DisplaySize.x != display_size_.x ||
              data.DisplaySize.y != display_size_.y ||
              lists_.size() != static_cast<std::size_t>(data.CmdListsCount);

  std::vector<List> next = std::move(spare_);
  next.resize(static_cast<std::size_t>(data.CmdListsCount));
  for (int i = 0; i < data.CmdListsCount; ++i) {
    const ImDrawList& list = *data.CmdLists[i];
    List& out = next[static_cast<std::size_t>(i)];
    out.owner = list._OwnerName != nullptr ? list._OwnerName : "";
    flatten(list, out.items);
    if (!full && out.owner != lists_[static_cast<std::size_t>(i)].owner) full = true;
  }

  std::vector<PixelRect> damage;
  if (full) {
    damage.push_back(bounds);
  } else {
    for (std::size_t l = 0; l < next.size(); ++l) {
      const std::vector<Item>& before = lists_[l].items;
      const std::vector<Item>& now = next[l].items;
      std::size_t prefix = 0;
      while (prefix < before.size() && prefix < now.size() && same(before[prefix], now[prefix])) {
        ++prefix;
      }
      std::size_t suffix = 0;
      while (suffix < before.size() - prefix && suffix < now.size() - prefix &&
             same(before[before.size() - 1 - suffix], now[now.size() - 1 - suffix])) {
        ++suffix;
      }
      const std::size_t before_end = before.size() - suffix;
      const std::size_t now_end = now.size() - suffix;
      if (before_end - prefix == now_end - prefix) {
        // The same number of triangles between: a colour or a position
        // changed in place (a hover, a flash). Pairs that agree draw the
        // same pixels in the same order, so only the differing pairs count.
        for (std::size_t i = prefix; i < now_end; ++i) {
          if (same(before[i], now[i])) continue;
          const PixelRect was = item_rect(before[i], bounds);
          const PixelRect is = item_rect(now[i], bounds);
          add_rect(damage, was);
          if (!(is == was)) add_rect(damage, is);  // a colour change: the same pixels
        }
        continue;
      }
      // Another number of triangles between (text of another length): the
      // pixels outside every triangle between, old and new, see the same
      // triangles in the same order in both frames. Triangle by triangle
      // while that is cheap; a span of thousands (a page of new rows) is
      // bounded by its two boxes.
      const bool few = (before_end - prefix) + (now_end - prefix) <= kTrianglesToBoxEach;
      const auto box = [&](const std::vector<Item>& items, std::size_t end) {
        PixelRect all;
        for (std::size_t i = prefix; i < end; ++i) {
          const PixelRect r = item_rect(items[i], bounds);
          if (few) {
            add_rect(damage, r);
          } else {
            all = bounding(all, r);
          }
        }
        return all;
      };
      const PixelRect gone = box(before, before_end);
      const PixelRect drawn = box(now, now_end);
      add_rect(damage, gone);
      add_rect(damage, drawn);
    }
  }

  spare_ = std::exchange(lists_, std::move(next));
  display_size_ = data.DisplaySize;
  return disjoint_rects(merge_rects(std::move(damage), kMaxRects));
}

}  // namespace dashboard::platform
