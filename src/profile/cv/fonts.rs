//! The fonts of the PDF, read from `FONT_DIR` (Debian's `fonts-noto-core`): Noto Sans for Latin
//! text, Noto Sans Devanagari for Hindi. Loaded once per directory and kept; a missing font is an
//! error the page explains (and is looked for again at the next request, so installing the
//! package is enough).

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub const REGULAR: &str = "NotoSans-Regular.ttf";
pub const BOLD: &str = "NotoSans-Bold.ttf";
pub const DEVANAGARI: &str = "NotoSansDevanagari-Regular.ttf";
/// Optional: headings in Hindi use the regular Devanagari face when it is not there.
pub const DEVANAGARI_BOLD: &str = "NotoSansDevanagari-Bold.ttf";

#[derive(Debug, Clone, thiserror::Error)]
pub enum FontError {
    #[error("font {path} cannot be read ({cause}); install fonts-noto-core or set FONT_DIR")]
    Missing { path: PathBuf, cause: String },
    #[error("font {path} is not a usable TrueType/OpenType font")]
    Invalid { path: PathBuf },
}

/// One font: its bytes (for the shaper) and krilla's handle on them (for the PDF).
#[derive(Clone)]
pub struct Face {
    pub data: Arc<Vec<u8>>,
    pub font: krilla::text::Font,
}

impl Face {
    /// The shaper's view of the font (cheap: tables are parsed lazily).
    pub fn shaper(&self) -> Option<rustybuzz::Face<'_>> {
        rustybuzz::Face::from_slice(&self.data, 0)
    }

    /// Whether the font has a glyph for `c`.
    pub fn covers(&self, c: char) -> bool {
        self.shaper().is_some_and(|f| f.glyph_index(c).is_some())
    }
}

/// The four faces the CV is set in.
#[derive(Clone)]
pub struct Fonts {
    pub regular: Face,
    pub bold: Face,
    pub devanagari: Face,
    pub devanagari_bold: Face,
}

impl std::fmt::Debug for Fonts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fonts")
    }
}

static LOADED: Mutex<Option<(PathBuf, Arc<Fonts>)>> = Mutex::new(None);

/// The fonts in `dir`, read once (blocking: call it off the request workers).
pub fn load(dir: &Path) -> Result<Arc<Fonts>, FontError> {
    {
        let loaded = LOADED.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((at, fonts)) = loaded.as_ref()
            && at == dir
        {
            return Ok(fonts.clone());
        }
    }
    let devanagari = face(&dir.join(DEVANAGARI))?;
    let fonts = Arc::new(Fonts {
        regular: face(&dir.join(REGULAR))?,
        bold: face(&dir.join(BOLD))?,
        devanagari_bold: face(&dir.join(DEVANAGARI_BOLD)).unwrap_or_else(|_| devanagari.clone()),
        devanagari,
    });
    *LOADED.lock().unwrap_or_else(|e| e.into_inner()) = Some((dir.to_path_buf(), fonts.clone()));
    Ok(fonts)
}

fn face(path: &Path) -> Result<Face, FontError> {
    let bytes = std::fs::read(path).map_err(|e| FontError::Missing {
        path: path.to_path_buf(),
        cause: e.to_string(),
    })?;
    let invalid = || FontError::Invalid {
        path: path.to_path_buf(),
    };
    let data = Arc::new(bytes);
    if rustybuzz::Face::from_slice(&data, 0).is_none() {
        return Err(invalid());
    }
    let font = krilla::text::Font::new(data.clone().into(), 0).ok_or_else(invalid)?;
    Ok(Face { data, font })
}
