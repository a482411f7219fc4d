//! The rest of what seed-bench writes with: a posting's opening, asks and perks, Indian cities,
//! company names, degrees and people's names.

/// Opening sentences, `{company}` replaced.
pub const INTROS: &[&str] = &[
    "{company} is a growing team in India working with customers across the country.",
    "At {company} we build products used by lakhs of people in small towns and big cities.",
    "{company} is hiring interns who want real work, real feedback and a mentor who cares.",
    "Join {company}, where interns own small projects from the first week.",
];

/// What is asked of applicants.
pub const ASKS: &[&str] = &[
    "We look for students who are curious, write clearly and ask questions early.",
    "You should be comfortable learning new tools quickly and sharing your progress every day.",
    "Students in their second, third or final year are welcome to apply.",
    "A short portfolio or a project you are proud of will help your application.",
    "You should be able to commit the full duration of the internship.",
];

/// What interns get.
pub const PERKS: &[&str] = &[
    "You will receive a certificate and a letter of recommendation for good work.",
    "There is a flexible schedule around your college exams.",
    "Interns who do well are offered a pre-placement interview.",
    "You will have a weekly one-on-one with your mentor.",
];

pub const CITIES: &[&str] = &[
    "Bengaluru",
    "Mumbai",
    "Delhi",
    "Pune",
    "Hyderabad",
    "Chennai",
    "Kolkata",
    "Ahmedabad",
    "Jaipur",
    "Lucknow",
    "Kochi",
    "Indore",
    "Bhopal",
    "Chandigarh",
    "Coimbatore",
    "Nagpur",
    "Gurugram",
    "Noida",
    "Bhubaneswar",
    "Visakhapatnam",
    "Thiruvananthapuram",
    "Guwahati",
    "Patna",
    "Ranchi",
    "Surat",
    "Vadodara",
    "Mysuru",
    "Mangaluru",
    "Dehradun",
    "Raipur",
];

pub const COMPANY_WORDS: (&[&str], &[&str]) = (
    &[
        "Sahyadri",
        "Ganga",
        "Nilgiri",
        "Deccan",
        "Kaveri",
        "Aravali",
        "Konkan",
        "Narmada",
        "Vindhya",
        "Thar",
        "Brahmaputra",
        "Malabar",
    ],
    &[
        "Analytics",
        "Labs",
        "Technologies",
        "Foods",
        "Finserv",
        "Logistics",
        "Media",
        "Designs",
        "Motors",
        "Agritech",
        "Health",
        "Retail",
    ],
);

pub const DEGREES: &[&str] = &[
    "B.Tech", "B.E.", "B.Com", "BBA", "B.Sc", "BA", "M.Tech", "MBA", "B.Des",
];

pub const FIRST_NAMES: &[&str] = &[
    "Aarav", "Ananya", "Vivaan", "Diya", "Aditya", "Isha", "Arjun", "Kavya", "Rohan", "Meera",
    "Sai", "Priya", "Kabir", "Sneha", "Ishaan", "Pooja", "Rahul", "Nisha", "Karthik", "Fatima",
];
pub const LAST_NAMES: &[&str] = &[
    "Sharma",
    "Iyer",
    "Reddy",
    "Khan",
    "Patel",
    "Das",
    "Singh",
    "Nair",
    "Gupta",
    "Mukherjee",
    "Rao",
    "Joshi",
    "Menon",
    "Verma",
    "Kulkarni",
    "Ahmed",
    "Pillai",
    "Chopra",
    "Bose",
    "Yadav",
];
