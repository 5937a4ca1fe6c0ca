#!/usr/bin/env python3
"""Draws Loket's app icons (a service counter: an arched window over a counter) as PNGs,
with nothing but the standard library. Run from the repo root: python3 scripts/dev/make-icons.py"""
import struct, zlib, math

GREEN = (11, 93, 75)
WHITE = (255, 255, 255)
GOLD = (244, 180, 0)

def png(path, size, pixel):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row.extend(pixel(x + 0.5, y + 0.5))
        rows.append(bytes(row))
    raw = b"".join(rows)
    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)

def icon(size, maskable):
    s = size
    radius = 0 if maskable else 0.2 * s
    scale = 0.62 if maskable else 0.78  # maskable: keep the drawing in the safe zone
    def inside_rounded(x, y):
        if radius == 0:
            return True
        cx = min(max(x, radius), s - radius)
        cy = min(max(y, radius), s - radius)
        return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2
    def pixel(x, y):
        if not inside_rounded(x, y):
            return (0, 0, 0, 0)
        # coordinates in the drawing box, 0..1
        u = (x - s * (1 - scale) / 2) / (s * scale)
        v = (y - s * (1 - scale) / 2) / (s * scale)
        # window: arch from (0.18..0.82) wide, top at 0.12, bottom at 0.62, stroke 0.09
        col = GREEN
        cx, top, half, bottom, stroke = 0.5, 0.42, 0.32, 0.66, 0.09
        d = math.hypot(u - cx, v - top)
        in_arch = v <= top and half - stroke <= d <= half
        in_sides = top < v <= bottom and (abs(u - (cx - half + stroke / 2)) <= stroke / 2 or abs(u - (cx + half - stroke / 2)) <= stroke / 2)
        counter = 0.66 <= v <= 0.76 and 0.08 <= u <= 0.92
        person = math.hypot(u - 0.5, v - 0.40) <= 0.085 or (0.47 <= v <= 0.66 and abs(u - 0.5) <= 0.14 - (0.66 - v) * 0.25 and v >= 0.53)
        if in_arch or in_sides or counter:
            col = WHITE
        elif person:
            col = GOLD
        return (*col, 255)
    return pixel

if __name__ == "__main__":
    png("public/icons/icon-192.png", 192, icon(192, False))
    png("public/icons/icon-512.png", 512, icon(512, False))
    png("public/icons/maskable-512.png", 512, icon(512, True))
