//! The placement officer's CSV of confirmed students and their applications.

use super::csv::CsvWriter;
use super::model::*;
use super::service::*;
use super::students_store;
use crate::db::DbConnection;
use crate::web::SessionUser;

/// Header of the CSV export.
pub const CSV_HEADER: [&str; 12] = [
    "student name",
    "email",
    "degree",
    "department",
    "year",
    "cgpa",
    "internship title",
    "company",
    "status",
    "applied date",
    "last change",
    "apaar id",
];

/// The confirmed students and their applications as CSV: one row per application, and one row
/// with empty application cells for a student without any.
pub fn export_csv(conn: &mut DbConnection, user: &SessionUser) -> Result<String, InstituteError> {
    let institute = verified_institute(conn, user)?;
    let students = students_store::confirmed_records(conn, institute.id)?;
    let applications = students_store::confirmed_applications(conn, institute.id, None)?;
    let mut by_student: std::collections::HashMap<i64, Vec<&StudentApplication>> =
        std::collections::HashMap::new();
    for a in &applications {
        by_student.entry(a.student_id).or_default().push(a);
    }
    let mut csv = CsvWriter::new();
    csv.row(&CSV_HEADER);
    let date = |d: &chrono::NaiveDateTime| d.format("%Y-%m-%d").to_string();
    for s in &students {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let person = [
            s.name.clone(),
            s.email.clone(),
            opt(&s.degree),
            opt(&s.department),
            s.year.map(|y| y.to_string()).unwrap_or_default(),
            s.cgpa.map(|c| format!("{c:.2}")).unwrap_or_default(),
        ];
        match by_student.get(&s.student_id) {
            Some(list) => {
                for a in list {
                    let mut row = person.to_vec();
                    row.extend([
                        a.title.clone(),
                        a.company.clone(),
                        // The words the pages show, so the export reads the same.
                        crate::web::i18n::t(crate::web::i18n::Lang::En, a.status.label_key()),
                        date(&a.applied_at),
                        date(&a.updated_at),
                        opt(&s.apaar_id),
                    ]);
                    csv.row(&row);
                }
            }
            None => {
                let mut row = person.to_vec();
                row.extend(std::iter::repeat_n(String::new(), 5));
                row.push(opt(&s.apaar_id));
                csv.row(&row);
            }
        }
    }
    Ok(csv.finish())
}
