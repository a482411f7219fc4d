//! Where everything goes on the A4 pages of the PDF: the name and contact lines at the top,
//! then each section with its heading and a rule, items with a hanging bullet, a new page when
//! the next line would cross the bottom margin (a heading never ends a page).

use super::fonts::Fonts;
use super::model::{Cv, Layout};
use super::text::{self, Weight};
use crate::web::i18n::{self, Lang};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
/// 18 mm all round.
const MARGIN: f32 = 51.0;
const CONTENT: f32 = PAGE_WIDTH - 2.0 * MARGIN;
/// Pages at most: a CV is one or two; this only bounds what a full form could make.
pub const MAX_PAGES: usize = 8;
const BODY: f32 = 10.0;
const SMALL: f32 = 9.5;
const HEADING: f32 = 11.5;
const NAME: f32 = 21.0;
const LEADING: f32 = 1.4;
const BULLET_INDENT: f32 = 11.0;

/// Grey levels (0 black … 255 white).
pub const INK: u8 = 25;
pub const MUTED: u8 = 85;

/// Something to draw on a page (positions from the top left, in points).
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// One line of text, its baseline at `y`.
    Text {
        x: f32,
        y: f32,
        text: String,
        weight: Weight,
        size: f32,
        grey: u8,
    },
    /// A thin horizontal line.
    Rule { x: f32, y: f32, width: f32 },
}

struct Pages<'a> {
    fonts: &'a Fonts,
    pages: Vec<Vec<Op>>,
    /// Top of the next line on the current page.
    y: f32,
}

impl Pages<'_> {
    fn room_for(&mut self, height: f32) {
        if self.y + height > PAGE_HEIGHT - MARGIN && self.pages.len() < MAX_PAGES {
            self.pages.push(Vec::new());
            self.y = MARGIN;
        }
    }

    fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// `text` wrapped at `x` to `width`, each line on the page it fits; `bullet` before the
    /// first line, in the margin left of `x`.
    fn paragraph(
        &mut self,
        x: f32,
        width: f32,
        text: &str,
        style: (Weight, f32, u8),
        bullet: bool,
    ) {
        let (weight, size, grey) = style;
        let line_height = size * LEADING;
        for (n, line) in text::wrap(self.fonts, text, weight, size, width)
            .into_iter()
            .enumerate()
        {
            self.room_for(line_height);
            let y = self.y + size;
            if bullet && n == 0 {
                let text = "•".to_string();
                self.push(Op::Text {
                    x: x - BULLET_INDENT,
                    y,
                    text,
                    weight,
                    size,
                    grey,
                });
            }
            self.push(Op::Text {
                x,
                y,
                text: line,
                weight,
                size,
                grey,
            });
            self.y += line_height;
        }
    }

    fn gap(&mut self, height: f32) {
        self.y += height;
    }
}

/// The pages of `cv`, headings in `lang`.
pub fn pages(cv: &Cv, fonts: &Fonts, lang: Lang) -> Vec<Vec<Op>> {
    let mut p = Pages {
        fonts,
        pages: vec![Vec::new()],
        y: MARGIN,
    };
    p.paragraph(MARGIN, CONTENT, &cv.name, (Weight::Bold, NAME, INK), false);
    if let Some(headline) = &cv.headline {
        p.paragraph(
            MARGIN,
            CONTENT,
            headline,
            (Weight::Regular, HEADING, INK),
            false,
        );
    }
    p.gap(2.0);
    p.paragraph(
        MARGIN,
        CONTENT,
        &cv.contact_line(),
        (Weight::Regular, SMALL, MUTED),
        false,
    );
    if !cv.links.is_empty() {
        let links = cv.links.join(" · ");
        p.paragraph(
            MARGIN,
            CONTENT,
            &links,
            (Weight::Regular, SMALL, MUTED),
            false,
        );
    }
    for section in &cv.sections {
        p.gap(10.0);
        // The heading, its rule and the first line of the section together.
        p.room_for(HEADING * LEADING + 4.0 + BODY * LEADING);
        let heading = i18n::t(lang, section.key);
        p.paragraph(
            MARGIN,
            CONTENT,
            &heading,
            (Weight::Bold, HEADING, INK),
            false,
        );
        let y = p.y - 2.0;
        p.push(Op::Rule {
            x: MARGIN,
            y,
            width: CONTENT,
        });
        p.gap(4.0);
        let body = (Weight::Regular, BODY, INK);
        match section.layout {
            Layout::Inline => p.paragraph(MARGIN, CONTENT, &section.joined(), body, false),
            Layout::Prose => {
                for paragraph in &section.items {
                    p.paragraph(MARGIN, CONTENT, paragraph, body, false);
                    p.gap(3.0);
                }
            }
            Layout::Items => {
                let x = MARGIN + BULLET_INDENT;
                for item in &section.items {
                    p.paragraph(x, CONTENT - BULLET_INDENT, item, body, true);
                    p.gap(2.0);
                }
            }
        }
    }
    p.pages
}
