//! The site navigation: the links each role gets, in order. The first two stay in the bar on
//! every screen; on a phone the rest fold into a menu (`<details>`, no script needed).

use super::PageCtx;

/// Links shown in the bar itself on a phone (the rest go in the menu).
pub const ALWAYS_SHOWN: usize = 2;

impl PageCtx {
    /// (path, label key) of the navigation for the signed-in role (or a visitor).
    pub fn nav_links(&self) -> Vec<(&'static str, &'static str)> {
        let mut links = vec![("/internships", "nav.internships")];
        links.extend_from_slice(match self.role() {
            "student" => &[
                ("/dashboard", "nav.dashboard"),
                ("/recommendations", "nav.recommendations"),
                ("/applications", "nav.applications"),
                ("/saved", "nav.saved"),
                ("/profile", "nav.profile"),
                ("/resume", "nav.resume"),
                ("/notifications", "nav.notifications"),
            ][..],
            "employer" => &[
                ("/employer", "nav.dashboard"),
                ("/employer/internships", "nav.my_internships"),
                ("/employer/profile", "nav.company"),
                ("/employer/team", "team.nav"),
                ("/notifications", "nav.notifications"),
            ][..],
            "institute" => &[
                ("/institute", "nav.dashboard"),
                ("/institute/students", "nav.students"),
                ("/institute/profile", "institute.nav_profile"),
                ("/notifications", "nav.notifications"),
            ][..],
            "admin" => &[("/admin", "nav.admin"), ("/admin/review", "review.nav")][..],
            _ => &[][..],
        });
        links
    }

    /// Whether `index` of [`nav_links`](Self::nav_links) folds into the phone menu.
    pub fn folds(&self, index: &usize) -> bool {
        *index >= ALWAYS_SHOWN
    }

    /// Whether the navigation has a phone menu at all.
    pub fn has_menu(&self) -> bool {
        self.signed_in()
    }

    /// The current-page marker for the link to `path` (exact for a dashboard, else its section).
    pub fn is_current(&self, path: &str) -> bool {
        match path {
            "/employer" | "/institute" | "/admin" => self.path == path,
            _ => self.current(path),
        }
    }
}
