//! Word tables of the normalisation step (`normalise.rs`): Devanagari skill and field words with
//! their English forms, abbreviations people write in profiles and postings, everyday words a
//! spelling corrector must leave alone, and the keyboard's neighbours (a typo is most often the
//! key next door).

/// Devanagari words → English. Keys are written without nukta (ज़ → ज, ड़ → ड): the lookup folds
/// the input the same way, so both spellings match.
pub const DEVANAGARI: &[(&str, &str)] = &[
    ("पायथन", "python"),
    ("पाइथन", "python"),
    ("जावा", "java"),
    ("जावास्क्रिप्ट", "javascript"),
    ("सी++", "c++"),
    ("एसक्यूएल", "sql"),
    ("एक्सेल", "excel"),
    ("टैली", "tally"),
    ("टेली", "tally"),
    ("फोटोशॉप", "photoshop"),
    ("फ़ोटोशॉप", "photoshop"),
    ("कैनवा", "canva"),
    ("फिग्मा", "figma"),
    ("ऑटोकैड", "autocad"),
    ("रिएक्ट", "react"),
    ("एंड्रॉइड", "android"),
    ("एंड्रायड", "android"),
    ("लिनक्स", "linux"),
    ("डेटा", "data"),
    ("डाटा", "data"),
    ("विश्लेषण", "analysis"),
    ("एनालिसिस", "analysis"),
    ("एनालिटिक्स", "analytics"),
    ("मशीन", "machine"),
    ("लर्निंग", "learning"),
    ("सीखना", "learning"),
    ("कृत्रिम", "artificial"),
    ("बुद्धिमत्ता", "intelligence"),
    ("डिजाइन", "design"),
    ("डिज़ाइन", "design"),
    ("ग्राफिक", "graphic"),
    ("ग्राफ़िक", "graphic"),
    ("यूआई", "ui"),
    ("यूएक्स", "ux"),
    ("वेब", "web"),
    ("वेबसाइट", "website"),
    ("ऐप", "app"),
    ("एप", "app"),
    ("मोबाइल", "mobile"),
    ("विकास", "development"),
    ("डेवलपमेंट", "development"),
    ("प्रोग्रामिंग", "programming"),
    ("कोडिंग", "coding"),
    ("सॉफ्टवेयर", "software"),
    ("सॉफ़्टवेयर", "software"),
    ("कंप्यूटर", "computer"),
    ("कम्प्यूटर", "computer"),
    ("विज्ञान", "science"),
    ("साइंस", "science"),
    ("इंजीनियरिंग", "engineering"),
    ("अभियांत्रिकी", "engineering"),
    ("सिविल", "civil"),
    ("मैकेनिकल", "mechanical"),
    ("यांत्रिक", "mechanical"),
    ("इलेक्ट्रिकल", "electrical"),
    ("विद्युत", "electrical"),
    ("इलेक्ट्रॉनिक्स", "electronics"),
    ("नेटवर्किंग", "networking"),
    ("साइबर", "cyber"),
    ("सुरक्षा", "security"),
    ("क्लाउड", "cloud"),
    ("मार्केटिंग", "marketing"),
    ("विपणन", "marketing"),
    ("डिजिटल", "digital"),
    ("सोशल", "social"),
    ("मीडिया", "media"),
    ("ब्रांड", "brand"),
    ("बिक्री", "sales"),
    ("सेल्स", "sales"),
    ("बेचना", "selling"),
    ("ग्राहक", "customer"),
    ("सेवा", "service"),
    ("लेखा", "accounting"),
    ("अकाउंटिंग", "accounting"),
    ("लेखांकन", "accounting"),
    ("बहीखाता", "bookkeeping"),
    ("वित्त", "finance"),
    ("फाइनेंस", "finance"),
    ("फ़ाइनेंस", "finance"),
    ("कर", "tax"),
    ("जीएसटी", "gst"),
    ("ऑडिट", "audit"),
    ("अंकेक्षण", "audit"),
    ("वाणिज्य", "commerce"),
    ("कॉमर्स", "commerce"),
    ("प्रबंधन", "management"),
    ("मैनेजमेंट", "management"),
    ("मानव", "human"),
    ("संसाधन", "resources"),
    ("भर्ती", "recruitment"),
    ("एचआर", "hr"),
    ("कंटेंट", "content"),
    ("सामग्री", "content"),
    ("लेखन", "writing"),
    ("राइटिंग", "writing"),
    ("पत्रकारिता", "journalism"),
    ("संपादन", "editing"),
    ("एडिटिंग", "editing"),
    ("वीडियो", "video"),
    ("फोटोग्राफी", "photography"),
    ("अनुवाद", "translation"),
    ("अनुसंधान", "research"),
    ("शोध", "research"),
    ("रिसर्च", "research"),
    ("सांख्यिकी", "statistics"),
    ("गणित", "mathematics"),
    ("मनोविज्ञान", "psychology"),
    ("संचार", "communication"),
    ("कम्युनिकेशन", "communication"),
    ("टीमवर्क", "teamwork"),
    ("नेतृत्व", "leadership"),
    ("प्रस्तुति", "presentation"),
    ("अंग्रेजी", "english"),
    ("हिंदी", "hindi"),
    ("हिन्दी", "hindi"),
    ("संचालन", "operations"),
    ("उत्पाद", "product"),
    ("कानून", "law"),
    ("विधि", "law"),
    ("स्वास्थ्य", "healthcare"),
    ("रसायन", "chemical"),
    // A few function words, so a Devanagari line reads as a sentence to the encoder.
    ("और", "and"),
    ("में", "in"),
    ("रुचि", "interested"),
    ("पसंद", "like"),
    ("अनुभव", "experience"),
    ("परियोजना", "project"),
    ("प्रोजेक्ट", "project"),
    ("कौशल", "skills"),
];

/// Abbreviations → what they stand for (whole words, lower case). Only ones that mean one thing
/// in profiles and postings; ambiguous ones ("PR", "TS", "CA") stay as written.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("mgmt", "management"),
    ("mgt", "management"),
    ("mngmt", "management"),
    ("mktg", "marketing"),
    ("mkt", "marketing"),
    ("dev", "development"),
    ("devt", "development"),
    ("engg", "engineering"),
    ("acctg", "accounting"),
    ("accts", "accounts"),
    ("fin", "finance"),
    ("govt", "government"),
    ("comm", "communication"),
    ("comms", "communication"),
    ("commn", "communication"),
    ("exp", "experience"),
    ("yrs", "years"),
    ("yr", "year"),
    ("prog", "programming"),
    ("progg", "programming"),
    ("org", "organisation"),
    ("dept", "department"),
    ("admin", "administration"),
    ("ops", "operations"),
    ("biz", "business"),
    ("ppt", "powerpoint"),
    ("ml", "machine learning"),
    ("dl", "deep learning"),
    ("nlp", "natural language processing"),
    ("ai", "artificial intelligence"),
    ("ds", "data science"),
    ("db", "database"),
    ("dbs", "databases"),
    ("dsa", "data structures and algorithms"),
    ("iot", "internet of things"),
    ("k8s", "kubernetes"),
    ("gcp", "google cloud"),
    ("py", "python"),
    ("pbi", "power bi"),
    ("smm", "social media marketing"),
    ("sem", "search engine marketing"),
    ("hrm", "human resource management"),
    ("qa", "quality assurance"),
    ("bd", "business development"),
    ("bde", "business development"),
    ("sde", "software development"),
    ("swe", "software engineering"),
    ("ga", "google analytics"),
    ("ae", "after effects"),
    ("fcp", "final cut pro"),
    ("fea", "finite element analysis"),
    ("cfd", "computational fluid dynamics"),
    ("viz", "visualization"),
    ("dataviz", "data visualization"),
    ("analytcs", "analytics"),
    ("info", "information"),
    ("req", "requirements"),
    ("reqs", "requirements"),
    ("resp", "responsibilities"),
    ("knowl", "knowledge"),
    ("knowldg", "knowledge"),
];

/// Everyday words of profiles and postings a corrector must leave alone (the taxonomy's words,
/// place names and the postings' own vocabulary are added to these).
pub const COMMON_WORDS: &str = "about above across active activities activity actually added \
adding after again against agency all along already also always among analyse analysed analyze \
analyzed another answer anything apply applied area areas around article articles asked assist \
assisted available award based basic basics become been before began being believe best better \
between big blog books both brand bring brought build building built business busy campaign \
campaigns campus can care career case cases certificate certified challenge change changes \
chapter city class classes clean cleaned clear client clients close club code college colleges \
come coming committee community company competition competitions complete completed concept \
contest content contribute contributed coordinated core course courses create created creating \
creative cross curious current currently customer customers daily data date day days deal deals \
degree deliver department described design designed designing detail details develop developed \
developing different digital doing done during each easy editor effective efficient else end \
enjoy enjoyed enjoying ensure entire environment especially event events every everything \
example excited experience experienced explore explored exploring fair family fast feature \
features fest festival field final find first focus follow following forward found free \
freelance friend friends from full fun future gained general get getting give given goal goals \
going good great group groups grow growing growth hands handled happy hard have having help \
helped helping high home hope hostel idea ideas impact improve improved improving include \
included including increase industry inform interest interested interesting interests intern \
internship internships involved join joined just keen keep kept kind know knowledge known large \
last later latest lead leading learn learned learner learning learnt least level life like \
liked likes line little live local long look looking lot love loved made main maintain make \
making manage managed many meet member members met mind mini month months more most much \
multiple must national need needed needs new next nice note open opportunity organised organized \
organising other others over own part participated passion passionate people person personal \
place plan planned planning platform play played playing point portal position practical \
practice prepare prepared present presented pretty previous problem problems process profile \
project projects proper provide public put quick quickly quite ran read reading ready real \
really recent recently related report reports responsible result results review role run \
running same school second see seen self semester senior served set several share shared short \
show showed side simple since skill skilled small social society solve solved some something \
sometimes space speak special specific spent start started state still strong student students \
studied studies study studying subject success successful such summer support sure system \
systems take taken taking talk talking task tasks taught team teams tell than that their them \
then there these thing things think third this those through time times today together tool \
tools topic topics total towards training tried true trying turn understand understanding \
university until upon used useful user users using various very volunteer volunteered want \
wanted wants way website week weekly well went were what when where which while whole will \
willing winning with within without won work worked working works workshop workshops world \
would write writing written wrote year years young convincing convince persuade persuading \
negotiate talking";

/// The letters next to each letter on a QWERTY keyboard.
pub fn keyboard_neighbours(c: char) -> &'static str {
    match c {
        'q' => "wa",
        'w' => "qeas",
        'e' => "wrsd",
        'r' => "etdf",
        't' => "ryfg",
        'y' => "tugh",
        'u' => "yihj",
        'i' => "uojk",
        'o' => "ipkl",
        'p' => "ol",
        'a' => "qwsz",
        's' => "awedxz",
        'd' => "serfcx",
        'f' => "drtgvc",
        'g' => "ftyhbv",
        'h' => "gyujnb",
        'j' => "huikmn",
        'k' => "jiolm",
        'l' => "kop",
        'z' => "asx",
        'x' => "zsdc",
        'c' => "xdfv",
        'v' => "cfgb",
        'b' => "vghn",
        'n' => "bhjm",
        'm' => "njk",
        _ => "",
    }
}

/// Whether `w` is a word of English (`words/english.txt`: SCOWL's small American and British
/// lists). Such a word is never corrected — "server" is no slip of "served", nor "match" of
/// "math" — though it is no candidate for a correction either: a slip is corrected to the words
/// the engine matches on (taxonomy, places, everyday words, postings' words), not to any word.
pub fn is_english(w: &str) -> bool {
    static WORDS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| include_str!("words/english.txt").lines().collect())
        .contains(w)
}
