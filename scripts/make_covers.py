#!/usr/bin/env python3
"""Draws the demo MOC covers: one 160x160 PNG per demo theme, a small
brick-built model (rocket, castle tower, shop, ...) on a baseplate in the
theme's colours. Python 3 standard library only (zlib + struct write the
PNG); shapes are rendered at 3x and averaged down for smooth edges.

    python3 scripts/make_covers.py            # writes assets/covers/*.png

The server's demo seed (server/store/demo_data.cpp) points MOCs at
/covers/<theme>.png; cmake/StageSite.cmake copies them into the site.
"""
import math
import os
import struct
import sys
import zlib

SIZE = 160
SS = 3  # supersampling factor
PITCH = 8.0  # one stud, in output pixels
BRICK = PITCH * 1.2
PLATE = BRICK / 3


def hex_rgb(text):
    text = text.lstrip('#')
    return tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))


def shade(colour, factor):
    if factor >= 1:
        return tuple(round(c + (255 - c) * (factor - 1)) for c in colour)
    return tuple(round(c * factor) for c in colour)


class Canvas:
    def __init__(self):
        self.n = SIZE * SS
        self.px = [[(0, 0, 0)] * self.n for _ in range(self.n)]

    def _span(self, a, b):
        return max(0, int(math.floor(a * SS))), min(self.n, int(math.ceil(b * SS)))

    def gradient(self, top, bottom):
        for y in range(self.n):
            t = y / (self.n - 1)
            c = tuple(round(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
            self.px[y] = [c] * self.n

    def rect(self, x0, y0, x1, y1, colour):
        xa, xb = self._span(x0, x1)
        ya, yb = self._span(y0, y1)
        for y in range(ya, yb):
            row = self.px[y]
            for x in range(xa, xb):
                row[x] = colour

    def circle(self, cx, cy, r, colour):
        xa, xb = self._span(cx - r, cx + r)
        ya, yb = self._span(cy - r, cy + r)
        r2 = (r * SS) ** 2
        for y in range(ya, yb):
            dy = y + 0.5 - cy * SS
            row = self.px[y]
            for x in range(xa, xb):
                dx = x + 0.5 - cx * SS
                if dx * dx + dy * dy <= r2:
                    row[x] = colour

    def polygon(self, points, colour):
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        xa, xb = self._span(min(xs), max(xs))
        ya, yb = self._span(min(ys), max(ys))
        pts = [(x * SS, y * SS) for x, y in points]
        for y in range(ya, yb):
            sy = y + 0.5
            crossings = []
            for i, (ax, ay) in enumerate(pts):
                bx, by = pts[(i + 1) % len(pts)]
                if (ay <= sy < by) or (by <= sy < ay):
                    crossings.append(ax + (sy - ay) * (bx - ax) / (by - ay))
            crossings.sort()
            row = self.px[y]
            for a, b in zip(crossings[::2], crossings[1::2]):
                for x in range(max(xa, int(math.ceil(a - 0.5))), min(xb, int(math.floor(b - 0.5)) + 1)):
                    row[x] = colour

    # A brick seen from the front: body, a light top edge, a dark bottom
    # edge, and studs on top (unless it is a tile).
    def brick(self, stud_x, top_y, studs, colour, height=BRICK, studs_on=True):
        x0 = 16 + stud_x * PITCH
        x1 = x0 + studs * PITCH
        self.rect(x0, top_y, x1, top_y + height, colour)
        self.rect(x0, top_y, x1, top_y + 1.0, shade(colour, 1.25))
        self.rect(x0, top_y + height - 1.0, x1, top_y + height, shade(colour, 0.72))
        self.rect(x1 - 0.7, top_y, x1, top_y + height, shade(colour, 0.8))
        if studs_on:
            for i in range(studs):
                sx = x0 + i * PITCH + PITCH * 0.2
                self.rect(sx, top_y - 1.7, sx + PITCH * 0.6, top_y, colour)
                self.rect(sx, top_y - 1.7, sx + 1.2, top_y, shade(colour, 1.3))

    def png(self):
        raw = bytearray()
        for y in range(SIZE):
            raw.append(0)
            rows = self.px[y * SS:(y + 1) * SS]
            for x in range(SIZE):
                acc = [0, 0, 0]
                for row in rows:
                    for c in row[x * SS:(x + 1) * SS]:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                n = SS * SS
                raw.extend((round(acc[0] / n), round(acc[1] / n), round(acc[2] / n)))

        def chunk(kind, data):
            body = kind + data
            return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body))

        header = struct.pack('>IIBBBBB', SIZE, SIZE, 8, 2, 0, 0, 0)
        return (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) +
                chunk(b'IDAT', zlib.compress(bytes(raw), 9)) + chunk(b'IEND', b''))


GROUND = 136.0  # top of the baseplate


def level(n):
    """Top y of the brick at course n (0 sits on the baseplate)."""
    return GROUND - (n + 1) * BRICK


def scene(sky_top, sky_bottom, plate):
    c = Canvas()
    c.gradient(hex_rgb(sky_top), hex_rgb(sky_bottom))
    plate = hex_rgb(plate)
    c.rect(0, GROUND, SIZE, SIZE, plate)
    c.rect(0, GROUND, SIZE, GROUND + 1.2, shade(plate, 1.2))
    for i in range(20):
        sx = i * PITCH + PITCH * 0.2
        c.rect(sx, GROUND - 1.7, sx + PITCH * 0.6, GROUND, plate)
    return c


def space():
    c = scene('#0b1030', '#2b2f6b', '#6d6e73')
    for i, (x, y) in enumerate([(20, 18), (130, 26), (46, 52), (112, 70), (28, 92), (140, 104),
                                (70, 14), (96, 40)]):
        c.circle(x, y, 1.2 if i % 3 else 1.8, (255, 255, 230))
    c.circle(128, 34, 14, hex_rgb('#d9d4c7'))
    c.circle(123, 30, 3, hex_rgb('#bdb7a8'))
    white, blue, grey = hex_rgb('#f4f4f4'), hex_rgb('#1e5aa8'), hex_rgb('#a0a5a9')
    # Body: four studs wide, x 48..80, on a low launch pad.
    pad = GROUND - PLATE * 2
    c.brick(2, pad, 12, hex_rgb('#6c6e68'), height=PLATE * 2)
    courses = [grey, white, blue, white, white, blue]
    for n, colour in enumerate(courses):
        c.brick(4, pad - 8 - (n + 1) * BRICK, 4, colour)
    top = pad - 8 - len(courses) * BRICK
    c.polygon([(52, pad - 8), (76, pad - 8), (72, pad - 1.7), (56, pad - 1.7)], shade(grey, 0.7))
    c.polygon([(48, pad - 8), (38, pad), (48, pad - 8 - 2.5 * BRICK)], blue)
    c.polygon([(80, pad - 8), (90, pad), (80, pad - 8 - 2.5 * BRICK)], blue)
    c.circle(64, pad - 8 - 3.5 * BRICK, 4.2, hex_rgb('#6fb8e6'))
    c.polygon([(47, top - 1.5), (81, top - 1.5), (64, top - 30)], white)
    c.polygon([(64, top - 30), (81, top - 1.5), (72, top - 1.5)], shade(white, 0.85))
    return c


def castle():
    c = scene('#8cc7ee', '#dcecf7', '#4b9f4a')
    grey, dark, blue = hex_rgb('#a0a5a9'), hex_rgb('#6c6e68'), hex_rgb('#1e5aa8')
    for n in range(8):
        c.brick(5, level(n), 6, grey if n % 2 else shade(grey, 0.93))
    for x in (5, 7, 9):
        c.brick(x, level(8), 1, grey)
    for n in range(4):
        c.brick(1, level(n), 4, grey if n % 2 == 0 else shade(grey, 0.93))
        c.brick(11, level(n), 4, grey if n % 2 == 0 else shade(grey, 0.93))
    for x in (1, 3, 11, 13):
        c.brick(x, level(4), 1, grey)
    c.rect(16 + 6.5 * PITCH, level(2), 16 + 9.5 * PITCH, GROUND, dark)
    c.circle(16 + 8 * PITCH, level(2), 1.5 * PITCH, dark)
    c.rect(16 + 7.3 * PITCH, level(6), 16 + 7.9 * PITCH, level(6) + BRICK * 1.5, dark)
    c.rect(16 + 8.1 * PITCH, level(6), 16 + 8.7 * PITCH, level(6) + BRICK * 1.5, dark)
    pole = 16 + 8 * PITCH
    c.rect(pole - 0.8, level(8) - 30, pole + 0.8, level(8), dark)
    c.polygon([(pole + 0.8, level(8) - 30), (pole + 22, level(8) - 24), (pole + 0.8, level(8) - 18)],
              blue)
    return c


def city():
    c = scene('#9fd3f5', '#e6f3fb', '#9ba19d')
    wall, roof, door = hex_rgb('#f2cd37'), hex_rgb('#b40000'), hex_rgb('#5c3a1e')
    window = hex_rgb('#6fb8e6')
    for n in range(6):
        c.brick(2, level(n), 12, wall if n % 2 else shade(wall, 0.95))
    c.rect(16 + 6 * PITCH, level(2), 16 + 8 * PITCH, GROUND, door)
    for x in (3.2, 10.2):
        c.rect(16 + x * PITCH, level(4), 16 + (x + 2.6) * PITCH, level(2) + 2, window)
        c.rect(16 + (x + 1.2) * PITCH, level(4), 16 + (x + 1.4) * PITCH, level(2) + 2, (255, 255, 255))
    c.rect(16 + 1.5 * PITCH, level(2) - 2, 16 + 14.5 * PITCH, level(2), hex_rgb('#237841'))
    for n in range(4):
        c.brick(2 + n, level(6 + n), 12 - 2 * n, roof)
    c.brick(11, level(8), 1, hex_rgb('#6c6e68'))
    c.brick(11, level(9), 1, hex_rgb('#6c6e68'))
    return c


def technic():
    c = scene('#f7d79a', '#fbefd9', '#8d7553')
    yellow, black, grey = hex_rgb('#fac80a'), hex_rgb('#1b2a34'), hex_rgb('#a0a5a9')
    c.brick(1, level(1), 13, yellow)
    c.brick(1, level(2), 13, yellow)
    c.brick(8, level(3), 5, yellow)
    c.brick(8, level(4), 5, yellow)
    c.rect(16 + 8.6 * PITCH, level(4) + 1.5, 16 + 12.4 * PITCH, level(3) + 1, hex_rgb('#6fb8e6'))
    for x in (3, 13):
        c.circle(16 + x * PITCH, GROUND - 6, 13, black)
        c.circle(16 + x * PITCH, GROUND - 6, 6, grey)
        c.circle(16 + x * PITCH, GROUND - 6, 2, black)
    c.polygon([(16 + 2 * PITCH, level(2)), (16 + 3.5 * PITCH, level(2)), (20, 36), (12, 40)], yellow)
    c.polygon([(12, 40), (24, 34), (30, 64), (18, 66)], shade(yellow, 0.85))
    for i in range(5):
        c.circle(18 + i * 2.5, 44 + i * 4.5, 1.6, black)
    return c


def pirates():
    c = scene('#7fc3ea', '#d3ecf8', '#1e5aa8')
    hull, sail, mast = hex_rgb('#6b3f22'), hex_rgb('#f4f4f4'), hex_rgb('#3b2412')
    c.rect(0, GROUND - 6, SIZE, SIZE, hex_rgb('#2f77c4'))
    for i in range(10):
        c.circle(8 + i * 16, GROUND - 6, 6, hex_rgb('#2f77c4'))
    c.polygon([(20, level(2)), (140, level(2)), (124, GROUND - 2), (36, GROUND - 2)], hull)
    c.brick(1, level(2), 15, shade(hull, 1.15), height=PLATE * 2)
    c.rect(16, level(1) + 2, 144, level(1) + 4, hex_rgb('#f2cd37'))
    for x in (6, 10):
        px = 16 + x * PITCH
        c.rect(px - 1.4, 18, px + 1.4, level(2), mast)
    c.polygon([(56, 24), (88, 24), (92, 62), (52, 62)], sail)
    c.polygon([(90, 34), (116, 34), (120, 66), (86, 66)], sail)
    c.rect(16 + 6 * PITCH - 8, 12, 16 + 6 * PITCH + 8, 20, hex_rgb('#1b2a34'))
    c.circle(16 + 6 * PITCH, 16, 2.2, (255, 255, 255))
    return c


def trains():
    c = scene('#a9d8f0', '#eaf6fb', '#7a6a55')
    green, black, red = hex_rgb('#237841'), hex_rgb('#1b2a34'), hex_rgb('#b40000')
    c.rect(0, GROUND - 3, SIZE, GROUND, hex_rgb('#6c6e68'))
    c.brick(1, level(1), 14, black, height=PLATE * 2)
    for n in range(2, 4):
        c.brick(1, level(n), 9, green)
    c.brick(10, level(2), 5, green)
    for n in range(4, 7):
        c.brick(10, level(n), 5, green)
    c.brick(9, level(7), 7, black, height=PLATE * 2)
    c.rect(16 + 11 * PITCH, level(6) + 2, 16 + 14 * PITCH, level(5) + 2, hex_rgb('#f2cd37'))
    c.brick(2, level(4), 2, black)
    c.brick(2, level(5), 2, black)
    c.circle(16 + 3 * PITCH, level(5) - 6, 5, (236, 236, 236))
    c.circle(16 + 1.5 * PITCH, level(5) - 14, 7, (246, 246, 246))
    for x in (3, 6.5, 10, 13):
        c.circle(16 + x * PITCH, GROUND - 6, 7, red)
        c.circle(16 + x * PITCH, GROUND - 6, 2.2, black)
    return c


def architecture():
    c = scene('#c9d6e3', '#f3f6f9', '#b6a98c')
    stone, glass, dark = hex_rgb('#e4cd9e'), hex_rgb('#5d9ecf'), hex_rgb('#958a73')
    for n in range(10):
        c.brick(5, level(n), 6, stone if n % 2 else shade(stone, 0.95))
    for n in range(6):
        c.brick(1, level(n), 4, shade(stone, 0.9))
        c.brick(11, level(n), 4, shade(stone, 0.9))
    for n in range(1, 10, 2):
        for x in (5.6, 7.6, 9.6):
            c.rect(16 + x * PITCH, level(n) + 2, 16 + (x + 0.8) * PITCH, level(n) + BRICK - 1.5, glass)
    for n in range(1, 6, 2):
        for x in (1.6, 3.2, 11.6, 13.2):
            c.rect(16 + x * PITCH, level(n) + 2, 16 + (x + 0.8) * PITCH, level(n) + BRICK - 1.5, glass)
    c.brick(6, level(10), 4, dark)
    c.polygon([(16 + 7 * PITCH, level(10)), (16 + 9 * PITCH, level(10)), (16 + 8 * PITCH, 4)], dark)
    return c


def ninjago():
    c = scene('#f6c6a0', '#fde9d8', '#3d7a3a')
    red, green, gold = hex_rgb('#b40000'), hex_rgb('#237841'), hex_rgb('#dcbc81')
    for tier, (x, w) in enumerate([(3, 10), (4, 8), (5, 6)]):
        base = tier * 3
        c.brick(x, level(base), w, red)
        c.brick(x, level(base + 1), w, red)
        top = level(base + 1)
        c.polygon([(16 + (x - 1.5) * PITCH, top + 2), (16 + (x + w + 1.5) * PITCH, top + 2),
                   (16 + (x + w) * PITCH, top - BRICK + 1), (16 + x * PITCH, top - BRICK + 1)],
                  green)
        c.rect(16 + (x - 1.5) * PITCH, top + 1, 16 + (x + w + 1.5) * PITCH, top + 3, gold)
    c.rect(16 + 7 * PITCH, level(1), 16 + 9 * PITCH, GROUND, hex_rgb('#3b2412'))
    spire = 16 + 8 * PITCH
    c.polygon([(spire - 3, level(8)), (spire + 3, level(8)), (spire, 8)], gold)
    c.circle(spire, 22, 3, gold)
    return c


def botanical():
    c = scene('#d9f0d3', '#f4fbf2', '#8d7553')
    pot, leaf, stem = hex_rgb('#a95500'), hex_rgb('#4b9f4a'), hex_rgb('#237841')
    c.brick(4, level(0), 8, pot)
    c.brick(4, level(1), 8, pot)
    c.brick(3, level(2), 10, shade(pot, 1.1), height=PLATE * 2)
    for x, top, colour in [(5.5, 40, '#e4adc8'), (8, 24, '#f2cd37'), (10.5, 46, '#b40000'),
                           (7, 58, '#6fb8e6')]:
        px = 16 + x * PITCH
        c.rect(px - 1, top, px + 1, level(2), stem)
        c.polygon([(px, top + 22), (px + 12, top + 14), (px + 2, top + 28)], leaf)
        for a in range(6):
            ang = a * math.pi / 3
            c.circle(px + 6 * math.cos(ang), top + 6 * math.sin(ang), 4.5, hex_rgb(colour))
        c.circle(px, top, 3.2, hex_rgb('#fac80a') if colour != '#f2cd37' else hex_rgb('#a95500'))
    return c


def steampunk():
    c = scene('#e8c9a0', '#f7eadb', '#6b4a2b')
    brass, copper, dark = hex_rgb('#b08d57'), hex_rgb('#a95c32'), hex_rgb('#3b2412')
    cx, cy = 80, 46
    for y in range(-24, 25):
        half = 56 * math.sqrt(max(0.0, 1 - (y / 25) ** 2))
        c.rect(cx - half, cy + y, cx + half, cy + y + 1.05, copper if y < 10 else shade(copper, 0.85))
    for x in (-34, -10, 14, 38):
        c.rect(cx + x, cy - 23, cx + x + 2.2, cy + 23, shade(copper, 0.7))
    for x in (52, 108):
        c.rect(x - 0.8, cy + 22, x + 0.8, 92, dark)
    c.brick(4, 92, 10, brass)
    c.brick(5, 92 + BRICK, 8, shade(brass, 0.85))
    for x in (7, 9, 11):
        c.circle(16 + x * PITCH, 92 + BRICK * 0.5 + 1, 2.4, dark)
    gear = (130, 118)
    for t in range(8):
        ang = t * math.pi / 4
        c.circle(gear[0] + 12 * math.cos(ang), gear[1] + 12 * math.sin(ang), 3.6, brass)
    c.circle(*gear, 11, brass)
    c.circle(*gear, 4, dark)
    c.polygon([(cx + 56, cy), (cx + 72, cy - 12), (cx + 72, cy + 12)], shade(copper, 0.8))
    return c


COVERS = {
    'space': space, 'castle': castle, 'city': city, 'technic': technic, 'pirates': pirates,
    'trains': trains, 'architecture': architecture, 'ninjago': ninjago,
    'botanical': botanical, 'steampunk': steampunk,
}


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'assets', 'covers')
    os.makedirs(out_dir, exist_ok=True)
    for name, draw in COVERS.items():
        with open(os.path.join(out_dir, name + '.png'), 'wb') as f:
            f.write(draw().png())
        print('wrote', name + '.png')


if __name__ == '__main__':
    main()
