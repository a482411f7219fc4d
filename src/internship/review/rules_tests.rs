//! Unit tests of `rules.rs`.

use super::*;

#[test]
fn asking_for_money_is_found_however_it_is_spelled() {
    for text in [
        "Pay a refundable registration FEE of Rs 500",
        "A small f.e.e applies",
        "r e g i s t r a t i o n charge: 999",
        "Registration-Charge applies",
        "Security DEP0SIT needed",
        "pay Rs. 300 before joining",
        "pay ₹300 to confirm",
        "one-time processingfee",
        "F E E S apply",
        "कृपया पंजीकरण शुल्क जमा करें",
        "फ़ीस 500 रुपये",
        "500 रुपये जमा करें",
        "श ु ल ् क लगेगा",
    ] {
        assert!(!money_words(text).is_empty(), "{text}");
    }
}

#[test]
fn ordinary_postings_are_left_alone() {
    for text in [
        "Build dashboards with SQL and Power BI; we give feedback every week",
        "Coffee and snacks in the office; stipend paid monthly",
        "We pay a monthly stipend and certificate on completion",
        "आवेदन जमा करें और साक्षात्कार की तैयारी करें",
        "Deploy our apps; learn payroll software",
    ] {
        assert!(
            money_words(text).is_empty(),
            "{text}: {:?}",
            money_words(text)
        );
    }
}
