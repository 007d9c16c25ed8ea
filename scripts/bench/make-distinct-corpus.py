#!/usr/bin/env python3
"""A generated Japanese JSON Lines corpus of distinct documents (no duplicates, so every stage, dedup included, does
full work), for executor benchmarks: FILES files of about MEGABYTES / FILES each. Deterministic.
Usage: make-distinct-corpus.py OUT_DIR --megabytes N [--files F]
"""
import argparse
import json
import os

SUBJECTS = ["ブレーキ液", "冷却ファン", "ケーブル", "ＵＳＢメモリー", "非常停止ボタン", "工具", "制御盤", "油圧ポンプ",
            "センサー", "バッテリー", "ヒューズ", "モーター", "ベルト", "フィルター", "ノズル", "レバー"]
ACTIONS = ["を点検します", "の損傷がないか確かめます", "を交換してください", "の位置を確認します", "を清掃します",
           "の温度を記録します", "を締め付けます", "の動作を確認してください", "を取り外します", "に注油します"]


def document(n):
    state = (n * 6364136223846793005 + 1442695040888963407) % 2**64
    sentences = []
    for k in range(14):
        state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
        a, b = (state >> 33) % len(SUBJECTS), (state >> 17) % len(ACTIONS)
        sentences.append(f"{SUBJECTS[a]}{ACTIONS[b]}（{n}-{k}）。")
    return {"id": f"d{n}", "text": f"第{n}章 点検手順\n" + "".join(sentences)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--megabytes", type=int, required=True)
    parser.add_argument("--files", type=int, default=8)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    per_file = args.megabytes * 1_000_000 // args.files
    n = 0
    for f in range(args.files):
        with open(os.path.join(args.out, f"corpus-{f:02d}.jsonl"), "w", encoding="utf-8") as out:
            written = 0
            while written < per_file:
                line = json.dumps(document(n), ensure_ascii=False) + "\n"
                out.write(line)
                written += len(line.encode("utf-8"))
                n += 1


main()
