#!/usr/bin/python3
"""Puts footage under the gap of the OpenShot sample: A and B move up to V2, SCENE.mp4 plays on V1 for the whole
timeline, so the gap (V2:1, 2 s to 3 s) lies over it.

Usage: scene-under-gap.py PROJECT.osp SCENE.mp4 SECONDS
"""
import json
import sys
import uuid

osp, scene, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
d = json.load(open(osp, encoding="utf-8"))
layers = sorted(l["number"] for l in d["layers"])
for c in d["clips"]:
    c["layer"] = layers[1]
template = d["clips"][0]
clip = json.loads(json.dumps(template))
clip["id"] = uuid.uuid5(uuid.NAMESPACE_URL, "genshot-gallery-scene").hex[:10].upper()
clip["layer"] = layers[0]
clip["position"] = 0.0
clip["start"] = 0.0
clip["end"] = seconds
clip["duration"] = seconds
clip["title"] = "scene.mp4"
clip["reader"]["path"] = scene
clip["reader"]["duration"] = seconds
clip["reader"]["video_length"] = str(int(round(seconds * d["fps"]["num"] / d["fps"]["den"])))
clip["reader"]["has_audio"] = False
if d.get("files"):
    f = json.loads(json.dumps(d["files"][0]))
    f["id"] = uuid.uuid5(uuid.NAMESPACE_URL, "genshot-gallery-scene-file").hex[:10].upper()
    f["path"] = scene
    f["duration"] = seconds
    f["video_length"] = clip["reader"]["video_length"]
    f["has_audio"] = False
    d["files"].append(f)
    clip["file_id"] = f["id"]
d["clips"].insert(0, clip)
json.dump(d, open(osp, "w", encoding="utf-8"), indent=1)
