//! Types of the CV: what it says, already in words, in the order it is printed.

/// How a section's items are set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One bullet per item (education, projects…).
    Items,
    /// Items run together on a line, separated by " · " (skills).
    Inline,
    /// Paragraphs (the career objective).
    Prose,
}

/// One heading of the CV and what is under it.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Catalogue key of the heading.
    pub key: &'static str,
    pub layout: Layout,
    pub items: Vec<String>,
}

impl Section {
    pub fn is_inline(&self) -> bool {
        self.layout == Layout::Inline
    }

    pub fn is_prose(&self) -> bool {
        self.layout == Layout::Prose
    }

    /// The items of an inline section on one line.
    pub fn joined(&self) -> String {
        self.items.join(" · ")
    }
}

/// A student's CV, ready to print: every value already in the page's language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cv {
    pub name: String,
    pub headline: Option<String>,
    /// Email, phone, place.
    pub contact: Vec<String>,
    /// LinkedIn, GitHub and other addresses, as written.
    pub links: Vec<String>,
    /// Only sections with something in them, in print order.
    pub sections: Vec<Section>,
}

impl Cv {
    /// Nothing but the name and the sign-up email: the page says how to fill it.
    pub fn is_empty(&self) -> bool {
        self.sections.is_empty() && self.headline.is_none() && self.links.is_empty()
    }

    /// The contact line as printed.
    pub fn contact_line(&self) -> String {
        self.contact.join(" · ")
    }
}
