//! The transport: SMTP when `SMTP_HOST` is set, otherwise `.eml` files in `OUTBOX_DIR`.

use super::model::OutboxEmail;
use crate::config::{Settings, SmtpTls};
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::path::PathBuf;
use std::time::Duration;

pub enum Mailer {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    Files {
        dir: PathBuf,
        from: Mailbox,
    },
}

impl Mailer {
    pub fn from_settings(settings: &Settings) -> anyhow::Result<Mailer> {
        let from: Mailbox = settings.sender_email.parse().map_err(|e| {
            anyhow::anyhow!("SENDER_EMAIL: {e} (expected `Name <address>` or an address)")
        })?;
        if !settings.smtp_enabled() {
            return Ok(Mailer::Files {
                dir: settings.outbox_dir.clone(),
                from,
            });
        }
        let host = settings.smtp_host.trim();
        let builder = match settings.smtp_tls {
            SmtpTls::Starttls => AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)
                .map_err(|e| anyhow::anyhow!("SMTP_HOST: {e}"))?,
            // Plain SMTP only for a relay on the same host or network (and the tests' server).
            SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
        };
        let mut builder = builder
            .port(settings.smtp_port)
            .timeout(Some(Duration::from_secs(20)));
        if !settings.smtp_username.is_empty() {
            builder = builder.credentials(Credentials::new(
                settings.smtp_username.clone(),
                settings.smtp_password.expose().to_string(),
            ));
        }
        Ok(Mailer::Smtp {
            transport: builder.build(),
            from,
        })
    }

    fn from(&self) -> &Mailbox {
        match self {
            Mailer::Smtp { from, .. } | Mailer::Files { from, .. } => from,
        }
    }

    fn message(&self, email: &OutboxEmail) -> Result<Message, String> {
        let to: Mailbox = email
            .to_address
            .parse()
            .map_err(|e| format!("bad recipient {}: {e}", email.to_address))?;
        let mut builder = Message::builder()
            .from(self.from().clone())
            .to(to)
            .subject(email.subject.clone());
        if let Some(url) = &email.list_unsubscribe {
            // RFC 8058: mail clients offer "unsubscribe" and POST to the address themselves.
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".to_string(),
                ));
        }
        let built = match (&email.body_html, &email.calendar_ics) {
            (Some(html), Some(ics)) => builder.multipart(
                MultiPart::mixed()
                    .multipart(MultiPart::alternative_plain_html(
                        email.body_text.clone(),
                        html.clone(),
                    ))
                    .singlepart(calendar_part(ics)?),
            ),
            (None, Some(ics)) => builder.multipart(
                MultiPart::mixed()
                    .singlepart(SinglePart::plain(email.body_text.clone()))
                    .singlepart(calendar_part(ics)?),
            ),
            (Some(html), None) => builder.multipart(MultiPart::alternative_plain_html(
                email.body_text.clone(),
                html.clone(),
            )),
            (None, None) => builder.singlepart(SinglePart::plain(email.body_text.clone())),
        };
        built.map_err(|e| e.to_string())
    }

    /// Delivers one outbox message; returns the file written when there is no SMTP.
    pub async fn deliver(&self, email: &OutboxEmail) -> Result<Option<String>, String> {
        let message = self.message(email)?;
        match self {
            // `.invalid` is reserved (RFC 2606): such an address (the demo accounts') can never
            // receive mail, so a relay would only bounce it, retry after retry. It stays readable
            // in the outbox.
            Mailer::Smtp { .. } if is_reserved_invalid(&email.to_address) => {
                tracing::info!(outbox = email.id, "not sent: the address is under .invalid");
                Ok(None)
            }
            Mailer::Smtp { transport, .. } => transport
                .send(message)
                .await
                .map(|_| None)
                .map_err(|e| e.to_string()),
            Mailer::Files { dir, .. } => {
                let slug: String = email
                    .subject
                    .chars()
                    .map(|c| {
                        if c.is_ascii_alphanumeric() {
                            c.to_ascii_lowercase()
                        } else {
                            '-'
                        }
                    })
                    .take(40)
                    .collect();
                let path = dir.join(format!("{:06}-{}.eml", email.id, slug.trim_matches('-')));
                let bytes = message.formatted();
                let dir = dir.clone();
                let target = path.clone();
                tokio::task::spawn_blocking(move || {
                    std::fs::create_dir_all(&dir)?;
                    std::fs::write(&target, bytes)
                })
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| format!("{}: {e}", path.display()))?;
                Ok(Some(path.display().to_string()))
            }
        }
    }
}
/// The invitation as calendar clients expect it: `text/calendar` with the iTIP method of the
/// calendar (REQUEST or CANCEL) in its content type, base64 so that its CRLF lines arrive intact.
fn calendar_part(ics: &str) -> Result<SinglePart, String> {
    let method = if ics.contains("\r\nMETHOD:CANCEL\r\n") {
        "CANCEL"
    } else {
        "REQUEST"
    };
    let content_type =
        ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
            .map_err(|e| e.to_string())?;
    Ok(SinglePart::builder()
        .header(content_type)
        .header(lettre::message::header::ContentDisposition::attachment(
            "invite.ics",
        ))
        .body(
            Body::new_with_encoding(ics.as_bytes().to_vec(), ContentTransferEncoding::Base64)
                .map_err(|_| "calendar part could not be encoded".to_string())?,
        ))
}

/// Whether an address is under the reserved top-level domain `.invalid`.
fn is_reserved_invalid(address: &str) -> bool {
    address
        .trim()
        .trim_end_matches('>')
        .trim_end_matches('.')
        .to_ascii_lowercase()
        .ends_with(".invalid")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_invalid_addresses_are_recognised() {
        assert!(is_reserved_invalid("aarav@demo.praktiki.invalid"));
        assert!(is_reserved_invalid("X@Demo.Praktiki.INVALID."));
        assert!(!is_reserved_invalid("student@college.ac.in"));
        assert!(!is_reserved_invalid("someone@invalid.example.com"));
    }
}
