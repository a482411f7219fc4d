//! The tables of the cold start (`coldstart.rs`), owned by the project: what studies lead to,
//! what a student's one line points to, and what each field's internships are about.

/// Department (or degree) phrases → the fields they lead to, most typical first. Phrases are
/// normalised and matched on word boundaries; the first row that matches the department wins,
/// the degree is read only when no department row matches.
pub const STUDIES: &[(&[&str], &[&str])] = &[
    (
        &[
            "artificial intelligence",
            "data science",
            "machine learning",
        ],
        &["data", "ai_ml", "software"],
    ),
    (
        &["cyber security", "cybersecurity", "information security"],
        &["security", "devops"],
    ),
    (
        &[
            "computer science",
            "computer engineering",
            "computer applications",
            "information technology",
            "cse",
            "software engineering",
        ],
        &["software", "web", "data", "security", "mobile", "devops"],
    ),
    (
        &["statistics", "mathematics", "data analytics", "economics"],
        &["data", "finance"],
    ),
    (
        &["electronics", "telecommunication", "instrumentation"],
        &["embedded", "electrical"],
    ),
    (&["electrical"], &["electrical", "embedded"]),
    (
        &[
            "mechanical",
            "automobile",
            "production",
            "mechatronics",
            "aeronautical",
        ],
        &["mechanical"],
    ),
    (&["civil", "architecture", "construction"], &["civil"]),
    (
        &["chemical", "chemistry", "biotechnology"],
        &["chemical", "healthcare"],
    ),
    (
        &[
            "pharmacy",
            "nursing",
            "medicine",
            "medical",
            "public health",
        ],
        &["healthcare"],
    ),
    (
        &[
            "interaction design",
            "ux",
            "user experience",
            "product design",
        ],
        &["uiux", "product", "design"],
    ),
    (
        &[
            "communication design",
            "visual communication",
            "graphic design",
        ],
        &["uiux", "design"],
    ),
    (
        &[
            "applied arts",
            "fine arts",
            "visual arts",
            "animation",
            "fashion",
        ],
        &["design"],
    ),
    (
        &["journalism", "mass communication", "media"],
        &["content", "marketing"],
    ),
    (
        &["english", "hindi", "literature", "languages"],
        &["content"],
    ),
    (&["psychology", "sociology"], &["hr", "uiux"]),
    (&["sales and marketing", "sales"], &["sales", "marketing"]),
    (&["marketing", "advertising"], &["marketing", "sales"]),
    (&["human resource", "human resources", "hr"], &["hr"]),
    (
        &[
            "accounting",
            "finance",
            "commerce",
            "chartered accountancy",
            "banking",
            "taxation",
        ],
        &["finance"],
    ),
    (
        &["operations", "supply chain", "logistics"],
        &["operations"],
    ),
    (&["law", "legal"], &["law"]),
    (
        &[
            "management studies",
            "business administration",
            "management",
        ],
        &["marketing", "sales", "finance", "hr", "operations"],
    ),
];

/// Degrees alone (when the department says nothing the table knows).
pub const DEGREES: &[(&[&str], &[&str])] = &[
    (
        &["bca", "mca", "b tech", "btech", "b e", "be", "m tech"],
        &["software", "web", "data"],
    ),
    (&["b des", "bdes", "m des"], &["design", "uiux"]),
    (&["bfa", "mfa"], &["design"]),
    (
        &["b com", "bcom", "m com", "ca", "ca intermediate", "cma"],
        &["finance"],
    ),
    (
        &["bba", "mba", "bms", "pgdm"],
        &["marketing", "sales", "finance", "hr", "operations"],
    ),
    (&["llb", "ba llb", "llm"], &["law"]),
    (&["ba", "ma", "bjmc"], &["content", "marketing"]),
];

/// What a student's one line points to: phrases (normalised, word boundaries) → a field (a
/// phrase that does not decide between two fields is listed once for each).
pub const LINE_CUES: &[(&str, &str)] = &[
    ("ux", "uiux"),
    ("ui", "uiux"),
    ("user experience", "uiux"),
    ("usability", "uiux"),
    ("apps that feel", "uiux"),
    ("convincing", "sales"),
    ("convince", "sales"),
    ("persuading", "sales"),
    ("persuade", "sales"),
    ("talking to people", "sales"),
    ("negotiating", "sales"),
    ("selling", "sales"),
    ("brands", "marketing"),
    ("brand", "marketing"),
    ("social media", "marketing"),
    ("instagram", "marketing"),
    ("advertising", "marketing"),
    ("posters", "design"),
    ("drawing", "design"),
    ("illustration", "design"),
    ("videos", "design"),
    ("writing", "content"),
    ("stories", "content"),
    ("blog", "content"),
    ("numbers", "data"),
    ("patterns", "data"),
    ("dashboards", "data"),
    ("money", "finance"),
    ("stocks", "finance"),
    ("investing", "finance"),
    ("hiring", "hr"),
    ("people and hiring", "hr"),
    ("recruiting", "hr"),
    // Code is written for the web as much as for anything else: an entry-level "I like coding"
    // does not decide between software and web development, so it points to both.
    ("code", "software"),
    ("code", "web"),
    ("coding", "software"),
    ("coding", "web"),
    ("programming", "software"),
    ("programming", "web"),
    ("websites", "web"),
    ("apps", "mobile"),
    ("artificial intelligence", "ai_ml"),
    ("ai", "ai_ml"),
    ("hacking", "security"),
    ("security", "security"),
    ("servers", "devops"),
    ("automation", "devops"),
    ("machines", "mechanical"),
    ("electronics", "electrical"),
    ("circuits", "embedded"),
    ("construction", "civil"),
    ("buildings", "civil"),
    ("organising", "operations"),
    ("products", "product"),
];

/// Words that say what each field's internships are about: a cold-start student's text is read
/// with the words of the fields their line points to (or, when it points nowhere, of their
/// plausible fields), so the encoder and the lexical match see "sales, lead generation" where the
/// student wrote "convincing people".
pub const FIELD_WORDS: &[(&str, &str)] = &[
    (
        "software",
        "software development, programming, coding, data structures, Java, Python",
    ),
    (
        "web",
        "web development, websites, frontend, backend, JavaScript, React, HTML, CSS",
    ),
    (
        "mobile",
        "mobile app development, Android, iOS, Flutter, Kotlin, apps",
    ),
    (
        "data",
        "data analysis, data analytics, dashboards, SQL, Excel, statistics, Power BI",
    ),
    (
        "ai_ml",
        "machine learning, artificial intelligence, deep learning, models, Python",
    ),
    (
        "security",
        "cyber security, network security, penetration testing, vulnerabilities",
    ),
    (
        "devops",
        "DevOps, cloud, Linux, Docker, servers, automation, CI/CD",
    ),
    (
        "embedded",
        "embedded systems, microcontrollers, firmware, circuits, Arduino",
    ),
    (
        "electrical",
        "electrical engineering, circuits, power systems, electronics",
    ),
    (
        "mechanical",
        "mechanical engineering, CAD, SolidWorks, manufacturing, machines",
    ),
    (
        "civil",
        "civil engineering, construction, site engineering, AutoCAD, structures",
    ),
    (
        "design",
        "graphic design, visual design, posters, Photoshop, Illustrator, branding",
    ),
    (
        "uiux",
        "UI/UX design, user experience, user research, wireframes, prototypes, Figma",
    ),
    (
        "marketing",
        "digital marketing, social media marketing, campaigns, SEO, brand",
    ),
    (
        "content",
        "content writing, copywriting, blogs, articles, editing, storytelling",
    ),
    (
        "sales",
        "sales, business development, lead generation, negotiation, closing deals, clients",
    ),
    (
        "finance",
        "finance, accounting, bookkeeping, Tally, GST, financial analysis",
    ),
    (
        "hr",
        "human resources, recruitment, hiring, talent acquisition, onboarding",
    ),
    (
        "operations",
        "operations, supply chain, logistics, coordination, planning",
    ),
    (
        "product",
        "product management, product roadmap, user stories, market research",
    ),
    (
        "law",
        "law, legal research, contracts, legal drafting, compliance",
    ),
    (
        "healthcare",
        "healthcare, clinical research, patients, pharmacy, medical",
    ),
    (
        "chemical",
        "chemical engineering, process engineering, plant operations, chemistry",
    ),
];

/// Words that say nothing of a field (beyond the lexical stop words): a cold start's line of only
/// these, besides their degree and department ("Looking for a good internship", "3rd year
/// student, eager to learn"), is no line to read by its meaning — the studies decide, and the
/// list is spread across them.
pub const VAGUE_WORDS: &[&str] = &[
    "student",
    "eager",
    "learn",
    "learner",
    "quick",
    "hardworking",
    "hard",
    "working",
    "keen",
    "passionate",
    "motivated",
    "dedicated",
    "interested",
    "want",
    "wish",
    "like",
    "love",
    "opportunity",
    "opportunities",
    "experience",
    "exposure",
    "career",
    "job",
    "company",
    "grow",
    "growth",
    "new",
    "thing",
    "great",
    "best",
    "nice",
    "get",
    "gain",
    "find",
    "seeking",
    "fresher",
    "curious",
    "second",
    "third",
    "fourth",
    "first",
    "last",
    "semester",
    "college",
    "university",
    "degree",
    "pursuing",
    "currently",
    "open",
    "anything",
    "something",
    "field",
    "role",
    "skill",
    "knowledge",
    "practical",
    "real",
    "world",
    "industry",
    "professional",
    "team",
    "player",
];
