#!/usr/bin/python3
"""Renders timeline frames FIRST..LAST (0-based, inclusive) of an OpenShot project with libopenshot as PNGs.

Usage: render-osp.py PROJECT.osp FIRST LAST OUTDIR
"""
import json
import os
import sys

import openshot

osp, first, last, outdir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
base = os.path.dirname(os.path.abspath(osp))
d = json.load(open(osp, encoding="utf-8"))
for c in d.get("clips", []):
    reader = c.get("reader", {})
    if reader.get("path") and not os.path.isabs(reader["path"]):
        reader["path"] = os.path.join(base, reader["path"])
    if not os.path.exists(reader.get("path", "")):
        sys.exit("render-osp: missing media %s" % reader.get("path"))
t = openshot.Timeline(d["width"], d["height"], openshot.Fraction(d["fps"]["num"], d["fps"]["den"]),
                      d["sample_rate"], d["channels"], d["channel_layout"])
t.info.has_audio = True
t.info.has_video = True
t.SetJson(json.dumps(d))
t.Open()
os.makedirs(outdir, exist_ok=True)
for n in range(first, last + 1):
    # libopenshot numbers frames from 1
    t.GetFrame(n + 1).Save(os.path.join(outdir, "f%03d.png" % n), 1.0)
t.Close()
