#!/usr/bin/env python3
"""Relevance suite: runs the judged development queries through the built index (the CLI's
--batch, the same Rust search code the wasm runs), scores them with the shared scorer, and fails
when any kind drops below its floor (tests/fixtures/relevance-floors.json: measured minus 0.02).

Also checks two rules the scorer does not: every result of a phrase query contains the phrase,
and a query with no relevant entry returns no result that is not marked partial.

    python3 tests/relevance.py                 # check against the floors
    python3 tests/relevance.py --write-floors  # after a deliberate improvement: record new floors
"""
import argparse, json, os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "tests", "fixtures")


def run_queries(cli, index, queries):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for q in queries:
            f.write(json.dumps({"q": q["q"]}, ensure_ascii=False) + "\n")
        path = f.name
    out = subprocess.run([cli, "search", index, "--batch", path, "--limit", "10"], capture_output=True, text=True, check=True).stdout
    os.unlink(path)
    return [json.loads(l) for l in out.splitlines() if l.strip()]


def score(run_path, judgments):
    out = subprocess.run([sys.executable, os.path.join(FIX, "score.py"), run_path, "--judgments", judgments], capture_output=True, text=True, check=True).stdout
    table = {}
    header = None
    for line in out.splitlines():
        cols = line.split()
        if cols and cols[0] == "kind":
            header = cols
            continue
        if header and len(cols) == len(header):
            row = dict(zip(header, cols))
            table[row["kind"]] = {k: (None if row[k] in ("-",) else float(row[k])) for k in ("S@1", "nDCG10", "R@10", "zero%")}
    return out, table


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(ROOT, "target", "release", "digest-search"))
    ap.add_argument("--index", default=os.path.join(ROOT, "target", "demo"))
    ap.add_argument("--judgments", default=os.path.join(FIX, "dev-queries.jsonl"))
    ap.add_argument("--floors", default=os.path.join(FIX, "relevance-floors.json"))
    ap.add_argument("--write-floors", action="store_true")
    a = ap.parse_args()

    queries = [json.loads(l) for l in open(a.judgments, encoding="utf-8") if l.strip()]
    runs = run_queries(a.cli, a.index, queries)
    assert [r["q"] for r in runs] == [q["q"] for q in queries], "batch output out of order"
    problems = []
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for q, r in zip(queries, runs):
            # The digest's entries have no ids: theirs are the file's name and their number in it
            # (`trending-papers-digest-41`), and the judgments name them by number.
            f.write(json.dumps({"q": q["q"], "results": [int(x["id"].rsplit("-", 1)[1]) for x in r["results"]], "scores": [x["score"] for x in r["results"]]}, ensure_ascii=False) + "\n")
            if not q["relevant"] and any(not x["partial"] for x in r["results"]):
                problems.append(f"no-result query {q['q']!r} has results not marked partial: {[x['id'] for x in r['results'] if not x['partial']]}")
            if q["kind"] == "phrase":
                check_phrase(a.cli, a.index, q["q"], problems)
        run_path = f.name
    out, table = score(run_path, a.judgments)
    os.unlink(run_path)
    print(out)
    floors_now = {k: {m: round(v - 0.02, 3) for m, v in row.items() if v is not None and m in ("S@1", "nDCG10")} for k, row in table.items()}
    if a.write_floors:
        json.dump(floors_now, open(a.floors, "w"), indent=2, sort_keys=True)
        print(f"wrote {a.floors}")
    else:
        floors = json.load(open(a.floors))
        for kind, metrics in floors.items():
            for m, floor in metrics.items():
                got = table.get(kind, {}).get(m)
                if got is None or got < floor:
                    problems.append(f"{kind} {m} = {got} is below its floor {floor}")
    for p in problems:
        print("FAIL:", p)
    print(f"relevance: {0 if problems else 1} passed, {1 if problems else 0} failed")
    sys.exit(1 if problems else 0)


def check_phrase(cli, index, q, problems):
    """Every result of a phrase query holds the phrase (as normalised words) in title or abstract."""
    res = json.loads(subprocess.run([cli, "search", index, q, "--json", "--limit", "1000"], capture_output=True, text=True, check=True).stdout)
    phrase = re.findall(r'"([^"]*)"', q)[0]
    norm = lambda s: " " + " ".join(re.findall(r"[0-9a-z]+", s.lower())) + " "
    want = norm(phrase)
    for h in res["results"]:
        if want not in norm(h["title"]) and want not in norm(h["snippet"]["text"].replace("…", " ")):
            problems.append(f"phrase {q!r}: result {h['id']} shows no {phrase!r} in its title or snippet")


if __name__ == "__main__":
    main()
