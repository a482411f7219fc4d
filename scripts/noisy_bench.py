#!/usr/bin/env python3
"""Noisy variants of a matching benchmark file (format praktiki-matching-benchmark/1), to
measure how the matcher holds up on text as people really write it.

    python3 scripts/noisy_bench.py --dataset tests/fixtures/matching-public.json \
        --out target/noisy-bench --seed 13

writes one file per kind of noise, each on its own, and one with all of them together:

    noisy-cold-start.json     half the students keep only degree, department and one vague line
    noisy-typos.json          slips in students' words (swapped or doubled letters, the key next
                              door, a dropped letter) and, more rarely, in postings
    noisy-abbreviations.json  students write abbreviations ("ML", "mktg", "k8s", "RN")
    noisy-boilerplate.json    40 % of postings padded with 80-200 words of about-us, perks and
                              equal-opportunity text (marked "padded": true)
    noisy-all.json            all of the above at once (a quarter of the students cold start)
    noisy-typos-heavy.json    slips in half of the students' words (and an eighth of postings')
    noisy-devanagari.json     half the students write some skill and field words in Devanagari
    noisy-cold-start-reworded.json, noisy-cold-start-reworded2.json
                              the cold-start file's students, each line reworded (REWORDED)
    noisy-cold-start-aimless.json  the same students, lines that name no field (AIMLESS)

Every student carries a "kind" (clean, cold_start, typos, abbreviations, typos+abbreviations)
and `praktiki eval --dataset FILE` reports NDCG@10 by kind and the padded postings' top-10
exposure. `probes/` holds the same measures as plain benchmark files (one per kind; padded
postings' exposure), so any version of `praktiki eval`, before or after a change, can score them. Relevance grades are the original file's: the noise changes how people write, not
what fits them. Same seed, same files. Python 3 standard library only.

The same person wrote this script and the normalisation it measures, so a held-out set written
by someone else remains the real judge; the script uses abbreviations and boilerplate the
matcher's tables do not list, on purpose.
"""

import argparse
import copy
import json
import os
import random
import re

KEYBOARD = {
    "q": "wa", "w": "qeas", "e": "wrsd", "r": "etdf", "t": "ryfg", "y": "tugh", "u": "yihj",
    "i": "uojk", "o": "ipkl", "p": "ol", "a": "qwsz", "s": "awedxz", "d": "serfcx", "f": "drtgvc",
    "g": "ftyhbv", "h": "gyujnb", "j": "huikmn", "k": "jiolm", "l": "kop", "z": "asx", "x": "zsdc",
    "c": "xdfv", "v": "cfgb", "b": "vghn", "n": "bhjm", "m": "njk",
}

# Phrase -> how students abbreviate it (case-insensitive, whole words).
ABBREVIATIONS = [
    ("machine learning", "ML"), ("deep learning", "DL"), ("artificial intelligence", "AI"),
    ("natural language processing", "NLP"), ("javascript", "JS"), ("typescript", "TS"),
    ("react native", "RN"), ("kubernetes", "k8s"), ("power bi", "PBI"),
    ("powerpoint", "PPT"), ("management", "mgmt"), ("marketing", "mktg"),
    ("development", "dev"), ("experience", "exp"), ("communication", "comm"),
    ("engineering", "engg"), ("operations", "ops"), ("social media marketing", "SMM"),
    ("search engine optimisation", "SEO"), ("business development", "BD"),
    ("human resources", "HR"), ("google analytics", "GA"), ("data structures", "DS"),
    ("database", "DB"), ("databases", "DBs"), ("after effects", "AE"),
    ("customer", "cust"), ("accounting", "accntg"), ("analysis", "anlys"),
    ("programming", "prog"), ("application", "app"), ("applications", "apps"),
    ("government", "govt"), ("department", "dept"), ("information", "info"),
    ("with", "w/"), ("and", "&"),
]

# Words some students write in Devanagari (skill names transliterated, field words in Hindi).
DEVANAGARI = [
    ("python", "पायथन"), ("java", "जावा"), ("excel", "एक्सेल"), ("tally", "टैली"),
    ("photoshop", "फ़ोटोशॉप"), ("marketing", "मार्केटिंग"), ("sales", "सेल्स"),
    ("design", "डिज़ाइन"), ("data", "डेटा"), ("analysis", "विश्लेषण"),
    ("accounting", "अकाउंटिंग"), ("finance", "वित्त"), ("communication", "संचार"),
    ("teamwork", "टीमवर्क"), ("research", "शोध"), ("writing", "लेखन"), ("video", "वीडियो"),
    ("editing", "एडिटिंग"), ("web", "वेब"), ("development", "डेवलपमेंट"), ("social media", "सोशल मीडिया"),
]

ABOUT = [
    "We are a fast-growing company founded in {year} with offices in {city} and {city2}.",
    "Our mission is to make {thing} simple and affordable for every Indian family.",
    "Trusted by more than {n} customers across India, we are backed by leading investors.",
    "Our team of {n} people loves solving hard problems together.",
    "We believe great work happens when people are given ownership and trust.",
    "Headquartered in {city}, the company serves clients in retail, banking and healthcare.",
    "Since {year} we have grown into one of the most respected names in {thing}.",
    "Our culture values curiosity, kindness and getting things done.",
]
PERKS = [
    "Perks include a certificate, a letter of recommendation and flexible working hours.",
    "You will get mentorship from senior colleagues, free snacks and a chance at a pre-placement offer.",
    "We offer a monthly stipend, health insurance for full-time staff and team outings.",
    "Benefits: work-life balance, a five-day week and learning budgets.",
]
EEO = [
    "We are an equal opportunity employer and value diversity at our company.",
    "We do not discriminate on the basis of gender, caste, religion, disability or age.",
    "Candidates from all backgrounds are encouraged to apply; we are committed to an inclusive workplace.",
]
CITIES = ["Pune", "Bengaluru", "Mumbai", "Delhi", "Hyderabad", "Chennai", "Kolkata", "Jaipur"]
THINGS = ["payments", "logistics", "education", "healthcare", "insurance", "retail", "travel"]

# Title keyword -> the one vague line a cold-start student in that field writes.
VAGUE = [
    (("ui/ux", "ux", "product design", "interaction"), "Interested in UX."),
    (("sales", "business development"), "I like talking to people and convincing them."),
    (("marketing", "seo", "social media", "brand"), "Curious about how brands grow online."),
    (("graphic", "visual", "illustrat", "motion", "video"), "I enjoy making posters and videos."),
    (("content", "writing", "editorial", "journalis", "copy"), "I like writing."),
    (("hr", "human resource", "talent", "recruit"), "Interested in people and hiring."),
    (("financ", "account", "tax", "audit"), "Good with numbers and money."),
    (("data", "analyst", "analytics", "business intelligence"), "I like finding patterns in numbers."),
    (("machine learning", "ai", "deep learning", "nlp"), "Curious about AI."),
    (("security", "cyber"), "Interested in hacking and keeping systems safe."),
    (("android", "ios", "mobile", "flutter", "app"), "I want to build apps."),
    (("devops", "cloud", "sre", "site reliability", "infrastructure"), "I like servers and automation."),
    (("web", "frontend", "front end", "backend", "full stack", "software", "developer"),
     "I like building things with code."),
    (("civil", "construction", "structural", "site engineer"), "I like construction sites."),
    (("mechanical", "manufacturing", "design engineer", "automobile"), "I like machines."),
    (("electrical", "electronics", "embedded", "vlsi"), "I like electronics."),
    (("operations", "supply", "logistics"), "I like organising things."),
    (("product",), "Interested in how products are made."),
]


# The same lines reworded twice in words the matcher's table of cues does not list (written
# after that table, to check that a line is read by its meaning and not by its words):
# `noisy-cold-start-reworded*.json` give the same students as `noisy-cold-start.json` these.
REWORDED = {
    'Interested in UX.': (
        'I care about how people feel when they use an interface.',
        'Wireframes and user journeys are my thing.',
    ),
    'I like talking to people and convincing them.': (
        'I enjoy meeting customers and closing deals.',
        'Good at pitching and persuading shopkeepers to buy.',
    ),
    'Curious about how brands grow online.': (
        'I follow how companies get popular on the internet.',
        'I run a meme page and track what goes viral.',
    ),
    'I enjoy making posters and videos.': (
        'I love sketching and editing clips.',
        'Canva and photo editing are hobbies of mine.',
    ),
    'I like writing.': (
        'I keep a journal and enjoy putting thoughts into words.',
        'Blogging and storytelling are my passion.',
    ),
    'Interested in people and hiring.': (
        'I want to help companies find the right employees.',
        'I want to work in recruitment and employee welfare.',
    ),
    'Good with numbers and money.': (
        'I am comfortable with budgets and balance sheets.',
        'I want to become a chartered accountant someday.',
    ),
    'I like finding patterns in numbers.': (
        'Spreadsheets and charts fascinate me.',
        'I enjoy making sense of large tables of figures.',
    ),
    'Curious about AI.': (
        'I want to teach computers to learn from examples.',
        'Neural networks and chatbots excite me.',
    ),
    'Interested in hacking and keeping systems safe.': (
        'I want to protect networks from attackers.',
        'I play capture the flag contests and study malware.',
    ),
    'I want to build apps.': (
        'I want to make things for smartphones.',
        'Want to create something people use on their phones.',
    ),
    'I like servers and automation.': (
        'I like deploying software and keeping it running.',
        'I set up Linux boxes for fun and script repetitive tasks.',
    ),
    'I like building things with code.': (
        'I enjoy solving problems on a computer.',
        'Solved many problems on competitive coding sites.',
    ),
    'I like construction sites.': (
        'I like bridges and roads.',
        'Want to work on highways and building projects.',
    ),
    'I like machines.': (
        'I like engines and how gears work.',
        'Cars and engines fascinate me.',
    ),
    'I like electronics.': (
        'I like soldering and microcontrollers.',
        'I tinker with sensors and circuit boards.',
    ),
    'I like organising things.': (
        'I like planning and keeping things on schedule.',
        'I like making processes run smoothly and on time.',
    ),
    'Interested in how products are made.': (
        'I want to decide what features a product should have.',
        'I want to shape what gets built and why.',
    ),
}

# Lines that name no field yet are not all vague words: no line should pull a student's list
# towards a field (`noisy-cold-start-aimless.json`).
AIMLESS = [
    "I want to work at a startup.",
    "Hoping to make an impact.",
    "Want to join a big company in a metro city.",
    "Open to remote work and flexible hours.",
    "Looking to build my resume this summer.",
    "My goal is to get a pre-placement offer.",
]


def typo(word, rng):
    """One slip in a word: swap two neighbours, the key next door, drop or double a letter."""
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        c = word[i].lower()
        if c in KEYBOARD:
            return word[:i] + rng.choice(KEYBOARD[c]) + word[i + 1:]
        return word
    if kind == 2:
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def typos(text, rng, rate):
    return re.sub(r"[A-Za-z]{4,}", lambda m: typo(m.group(0), rng) if rng.random() < rate else m.group(0), text)


def abbreviate(text, rng, rate):
    for full, short in ABBREVIATIONS:
        pattern = re.compile(r"(?<![A-Za-z])" + re.escape(full) + r"(?![A-Za-z])", re.IGNORECASE)
        text = pattern.sub(lambda m: short if rng.random() < rate else m.group(0), text)
    return text


def devanagari(text, rng, rate):
    for en, hi in DEVANAGARI:
        pattern = re.compile(r"(?<![A-Za-z])" + re.escape(en) + r"(?![A-Za-z])", re.IGNORECASE)
        text = pattern.sub(lambda m: hi if rng.random() < rate else m.group(0), text)
    return text


def student_texts(s, fn):
    s["skills"] = [fn(k) for k in s.get("skills", [])]
    for key in ("interests", "projects", "resume_text"):
        s[key] = fn(s.get(key, ""))


def cold_start(s, data, rng, reword=0):
    rel = data["relevance"].get(s["id"], {})
    titles = {i["id"]: i["title"].lower() for i in data["internships"]}
    votes = {}
    for iid, grade in rel.items():
        if grade >= 2:
            for n, (keys, line) in enumerate(VAGUE):
                title = titles.get(iid, "")
                if any(re.search(r"(?<![a-z])" + re.escape(k) + r"(?![a-z])", title) for k in keys):
                    votes[n] = votes.get(n, 0) + grade
                    break
    line = VAGUE[max(votes, key=lambda n: (votes[n], -n))][1] if votes else "Looking for a good internship."
    if reword == "aimless":
        line = AIMLESS[sum(map(ord, s["id"])) % len(AIMLESS)]
    elif reword and line in REWORDED:
        line = REWORDED[line][reword - 1]
    s["skills"] = []
    s["projects"] = ""
    s["interests"] = line
    s["resume_text"] = f"{s.get('degree', '')} {s.get('department', '')}, 3rd year.".strip()


def pad(i, rng):
    """About-us sentences before the posting's own text, perks and equal-opportunity after."""
    fill = {"city": rng.choice(CITIES), "city2": rng.choice(CITIES), "year": rng.randrange(1995, 2022),
            "n": rng.choice([50, 200, 1200, 5000]), "thing": rng.choice(THINGS)}
    target = rng.randrange(80, 201)
    before, after, words = [], [], 0
    while words < target:
        pool = [ABOUT, PERKS, EEO][(len(before) + len(after)) % 3]
        sentence = rng.choice(pool).format(**fill)
        (before if pool is ABOUT else after).append(sentence)
        words += len(sentence.split())
    i["description"] = " ".join(before + [i["description"]] + after)
    i["padded"] = True


def variant(data, seed, cold=0.0, typo_rate=0.0, abbrev_rate=0.0, pad_share=0.0, hindi=0.0, reword=0):
    rng = random.Random(seed)
    out = copy.deepcopy(data)
    for s in out["students"]:
        noisy_typos = typo_rate > 0 and rng.random() < 0.7
        noisy_abbrev = abbrev_rate > 0 and rng.random() < 0.7
        if cold > 0 and rng.random() < cold:
            cold_start(s, data, rng, reword)
            s["kind"] = "cold_start"
            continue
        kinds = []
        if noisy_typos:
            student_texts(s, lambda t: typos(t, rng, typo_rate))
            kinds.append("typos")
        if noisy_abbrev:
            student_texts(s, lambda t: abbreviate(t, rng, abbrev_rate))
            kinds.append("abbreviations")
        if hindi > 0 and rng.random() < 0.5:
            student_texts(s, lambda t: devanagari(t, rng, hindi))
            kinds.append("devanagari")
        s["kind"] = "+".join(kinds) or "clean"
    for i in out["internships"]:
        if typo_rate > 0:
            i["description"] = typos(i["description"], rng, typo_rate / 4)
        if pad_share > 0 and rng.random() < pad_share:
            pad(i, rng)
    return out


def probes(out_dir, name, out, clean):
    """Files any version of `praktiki eval` can score, to compare versions on the same footing:
    one per kind of student (relevance kept for that kind only: the others are skipped), and for
    padded postings an exposure probe — every padded posting graded 2 for every student, in the
    padded text and in the clean one — whose recall@10 is the share of top-10 slots those
    postings get (rankings never depend on grades). Padded over clean is the exposure ratio."""
    os.makedirs(out_dir, exist_ok=True)
    kinds = sorted({s["kind"] for s in out["students"]})
    for kind in kinds:
        probe = copy.deepcopy(out)
        keep = {s["id"] for s in out["students"] if s["kind"] == kind}
        probe["relevance"] = {k: v for k, v in out["relevance"].items() if k in keep}
        write(os.path.join(out_dir, f"{name}.kind-{kind}.json"), probe)
    padded = [i["id"] for i in out["internships"] if i.get("padded")]
    if padded and clean is not None:
        for label, source in (("padded", out), ("unpadded", clean)):
            probe = copy.deepcopy(source)
            probe["relevance"] = {s["id"]: {i: 2 for i in padded} for s in source["students"]}
            write(os.path.join(out_dir, f"{name}.exposure-{label}.json"), probe)


def write(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dataset", default="tests/fixtures/matching-public.json")
    ap.add_argument("--out", default="target/noisy-bench")
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args()
    with open(args.dataset, encoding="utf-8") as f:
        data = json.load(f)
    os.makedirs(args.out, exist_ok=True)
    variants = {
        "cold-start": dict(cold=0.5),
        "typos": dict(typo_rate=0.2),
        "abbreviations": dict(abbrev_rate=0.8),
        "boilerplate": dict(pad_share=0.4),
        "all": dict(cold=0.25, typo_rate=0.2, abbrev_rate=0.8, pad_share=0.4),
        "typos-heavy": dict(typo_rate=0.5),
        "devanagari": dict(hindi=0.8),
        # The cold-start students again (its seed), their lines reworded.
        "cold-start-reworded": dict(cold=0.5, reword=1),
        "cold-start-reworded2": dict(cold=0.5, reword=2),
        "cold-start-aimless": dict(cold=0.5, reword="aimless"),
    }
    for n, (name, kw) in enumerate(variants.items()):
        seed = args.seed * 100 + (0 if kw.get("reword") else n)
        out = variant(data, seed, **kw)
        path = os.path.join(args.out, f"noisy-{name}.json")
        write(path, out)
        # Exposure is compared on the variant whose only change is the padding.
        clean = data if set(kw) == {"pad_share"} else None
        probes(os.path.join(args.out, "probes"), f"noisy-{name}", out, clean)
        kinds = {}
        for s in out["students"]:
            kinds[s["kind"]] = kinds.get(s["kind"], 0) + 1
        padded = sum(1 for i in out["internships"] if i.get("padded"))
        print(f"{path}: students {kinds}, padded postings {padded}")


if __name__ == "__main__":
    main()
