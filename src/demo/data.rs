//! The demo platform's content: companies and their internships, students, the institute and
//! the applications between them.

pub(super) struct DemoCompany {
    pub(super) key: &'static str,
    pub(super) name: &'static str,
    pub(super) city: &'static str,
    pub(super) industry: &'static str,
    pub(super) internships: &'static [DemoInternship],
}

pub(super) struct DemoInternship {
    pub(super) title: &'static str,
    pub(super) description: &'static str,
    pub(super) location: &'static str,
    pub(super) mode: &'static str,
    pub(super) weeks: u32,
    pub(super) stipend: u32,
    pub(super) skills: &'static str,
    pub(super) question: &'static str,
}

pub(super) struct DemoStudent {
    pub(super) key: &'static str,
    pub(super) name: &'static str,
    pub(super) city: &'static str,
    pub(super) university: &'static str,
    pub(super) degree: &'static str,
    pub(super) department: &'static str,
    pub(super) year: u32,
    pub(super) skills: &'static str,
    pub(super) interests: &'static str,
    pub(super) projects: &'static str,
    pub(super) mode: &'static str,
    /// Links to the demo institute (and is confirmed by it).
    pub(super) at_institute: bool,
}

/// The demo institute and its AISHE code.
pub(super) const INSTITUTE_KEY: &str = "placements";
pub(super) const INSTITUTE_NAME: &str = "Deccan Institute of Technology";
pub(super) const INSTITUTE_AISHE: &str = "C-41027";

/// Demo applications: (student key, internship title, answer, status the employer moved it to).
pub(super) const APPLICATIONS: &[(&str, &str, &str, &str)] = &[
    (
        "aarav",
        "Data Analyst Intern",
        "A window function over BMTC trip data that ranked routes by late arrivals each week.",
        "shortlisted",
    ),
    (
        "aarav",
        "Machine Learning Intern",
        "A gradient-boosted model of bus arrival times, measured by mean absolute error on a held-out month.",
        "submitted",
    ),
    (
        "diya",
        "Full Stack Web Developer Intern",
        "The hostel mess-bill splitter: I built the React front end and the Node.js API.",
        "offered",
    ),
    ("kabir", "Mechanical Design Intern", "", "submitted"),
];

pub(super) const COMPANIES: &[DemoCompany] = &[
    DemoCompany {
        key: "hr-ledgerlabs",
        name: "Ledger Labs",
        city: "Bengaluru",
        industry: "Fintech",
        internships: &[
            DemoInternship {
                title: "Data Analyst Intern",
                description: "Clean transaction data with pandas, write SQL for the risk team and build Power BI dashboards that explain fraud trends.",
                location: "Bengaluru",
                mode: "hybrid",
                weeks: 12,
                stipend: 20000,
                skills: "Python, SQL, pandas, Power BI",
                question: "Which SQL query are you proudest of, and why?",
            },
            DemoInternship {
                title: "Machine Learning Intern",
                description: "Train and evaluate credit-scoring models with scikit-learn, track experiments and write up what the features mean.",
                location: "Bengaluru",
                mode: "onsite",
                weeks: 24,
                stipend: 30000,
                skills: "Python, Machine Learning, scikit-learn, Statistics",
                question: "Describe a model you trained and how you measured it.",
            },
            DemoInternship {
                title: "Finance Operations Intern",
                description: "Reconcile settlements in Excel, prepare monthly MIS reports and help the accounts team close the books.",
                location: "Mumbai",
                mode: "onsite",
                weeks: 8,
                stipend: 12000,
                skills: "Excel, Accounting, Financial Analysis",
                question: "",
            },
        ],
    },
    DemoCompany {
        key: "hr-kiranatech",
        name: "KiranaTech",
        city: "Pune",
        industry: "Retail software",
        internships: &[
            DemoInternship {
                title: "Full Stack Web Developer Intern",
                description: "Build features of our shop-owner dashboard in React and a Node.js API backed by PostgreSQL; write tests and review code.",
                location: "Pune",
                mode: "hybrid",
                weeks: 16,
                stipend: 25000,
                skills: "JavaScript, React, Node.js, PostgreSQL",
                question: "Link a project you built for the web and tell us your part in it.",
            },
            DemoInternship {
                title: "Android Developer Intern",
                description: "Ship screens of our Kotlin app used by 40,000 kirana stores; work offline-first with Room and sync.",
                location: "Remote",
                mode: "remote",
                weeks: 12,
                stipend: 18000,
                skills: "Kotlin, Android, Git",
                question: "",
            },
            DemoInternship {
                title: "UI/UX Design Intern",
                description: "Interview shop owners, sketch flows and turn them into Figma prototypes in Hindi and English.",
                location: "Pune",
                mode: "onsite",
                weeks: 10,
                stipend: 15000,
                skills: "Figma, UI Design, User Research",
                question: "Show us one design decision you changed after user feedback.",
            },
        ],
    },
    DemoCompany {
        key: "hr-greenfield",
        name: "Greenfield Motors",
        city: "Chennai",
        industry: "Automotive",
        internships: &[
            DemoInternship {
                title: "Mechanical Design Intern",
                description: "Model battery-pack enclosures in SolidWorks, run basic FEA and prepare drawings for the shop floor.",
                location: "Chennai",
                mode: "onsite",
                weeks: 24,
                stipend: 15000,
                skills: "SolidWorks, AutoCAD, FEA",
                question: "",
            },
            DemoInternship {
                title: "Embedded Systems Intern",
                description: "Write C firmware for the battery-management system on STM32 microcontrollers and test it on the bench.",
                location: "Chennai",
                mode: "onsite",
                weeks: 20,
                stipend: 18000,
                skills: "C, Embedded Systems, Microcontrollers",
                question: "Which microcontroller have you programmed, and what did it do?",
            },
            DemoInternship {
                title: "Digital Marketing Intern",
                description: "Plan social-media campaigns for our electric scooters, write posts and measure them with Google Analytics.",
                location: "Remote",
                mode: "remote",
                weeks: 8,
                stipend: 8000,
                skills: "Digital Marketing, Social Media Marketing, Content Writing",
                question: "",
            },
        ],
    },
];

pub(super) const STUDENTS: &[DemoStudent] = &[
    DemoStudent {
        key: "aarav",
        name: "Aarav Sharma",
        city: "Bengaluru",
        university: "Visvesvaraya Technological University",
        degree: "B.Tech",
        department: "Computer Science",
        year: 3,
        skills: "Python, SQL, pandas, Machine Learning",
        interests: "data science, analytics",
        projects: "Predicted bus arrival times in Bengaluru from BMTC GPS data with gradient boosting.",
        mode: "hybrid",
        at_institute: true,
    },
    DemoStudent {
        key: "diya",
        name: "Diya Patel",
        city: "Pune",
        university: "Savitribai Phule Pune University",
        degree: "B.E.",
        department: "Information Technology",
        year: 4,
        skills: "JavaScript, React, Node.js, HTML, CSS",
        interests: "web development, product",
        projects: "A React and Node.js app that lets hostel students split mess bills.",
        mode: "any",
        at_institute: true,
    },
    DemoStudent {
        key: "kabir",
        name: "Kabir Iyer",
        city: "Chennai",
        university: "Anna University",
        degree: "B.E.",
        department: "Mechanical Engineering",
        year: 3,
        skills: "SolidWorks, AutoCAD, MATLAB",
        interests: "electric vehicles, design",
        projects: "Designed the chassis of our college's Formula Student car.",
        mode: "onsite",
        at_institute: false,
    },
    DemoStudent {
        key: "meera",
        name: "Meera Nair",
        city: "Kochi",
        university: "University of Kerala",
        degree: "BBA",
        department: "Marketing",
        year: 2,
        skills: "Digital Marketing, Content Writing, Canva",
        interests: "marketing, social media",
        projects: "Grew a local café's Instagram from 300 to 4,000 followers in three months.",
        mode: "remote",
        at_institute: false,
    },
];
