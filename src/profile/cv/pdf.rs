//! The CV as a PDF: the laid-out pages drawn with krilla, whose subset fonts carry a ToUnicode
//! map (and ActualText where shaping merged characters), so the text can be searched, copied
//! and read back.

use super::fonts::Fonts;
use super::layout::{self, Op, PAGE_HEIGHT, PAGE_WIDTH};
use super::model::Cv;
use super::service::CvError;
use super::text;
use crate::web::i18n::{self, Lang};
use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::surface::Surface;

/// The PDF bytes of `cv`, headings in `lang`.
pub fn render(cv: &Cv, fonts: &Fonts, lang: Lang) -> Result<Vec<u8>, CvError> {
    let pages = layout::pages(cv, fonts, lang);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(format!("{} — {}", cv.name, i18n::t(lang, "cv.title")))
            .authors(vec![cv.name.clone()])
            .language(lang.code().to_string())
            .creator("Praktiki".to_string()),
    );
    for ops in &pages {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| CvError::Pdf("page size".into()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            draw(&mut surface, fonts, op);
        }
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| CvError::Pdf(format!("{e:?}")))
}

fn fill(grey: u8) -> Fill {
    Fill {
        paint: rgb::Color::new(grey, grey, grey).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

fn draw(surface: &mut Surface, fonts: &Fonts, op: &Op) {
    match op {
        Op::Text {
            x,
            y,
            text,
            weight,
            size,
            grey,
        } => {
            surface.set_fill(Some(fill(*grey)));
            let mut x = *x;
            for run in text::shape(fonts, text, *weight).runs {
                let start = Point::from_xy(x, *y);
                surface.draw_glyphs(
                    start,
                    &run.glyphs,
                    run.face.font.clone(),
                    &run.text,
                    *size,
                    false,
                );
                x += run.advance * size;
            }
        }
        Op::Rule { x, y, width } => {
            let mut path = PathBuilder::new();
            if let Some(rect) = Rect::from_xywh(*x, *y, *width, 0.6) {
                path.push_rect(rect);
            }
            if let Some(path) = path.finish() {
                surface.set_fill(Some(fill(layout::MUTED)));
                surface.draw_path(&path);
            }
        }
    }
}
