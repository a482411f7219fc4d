//! Slow clients. actix bounds the time to send a request's head (`client_request_timeout`) but
//! not its body: a client that declares a body and sends it a byte at a time held a worker's
//! connection for minutes. Every request body must now arrive within `BODY_READ_TIMEOUT_SECONDS`
//! of the head; past that its reading fails, the request is answered, and the connection closed.

use crate::config::Settings;
use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use futures_util::Stream;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    /// For the request line and headers.
    pub request_head: Duration,
    /// For a closing connection to finish its shutdown.
    pub disconnect: Duration,
    /// For the whole body, counted from when its head has arrived.
    pub body: Duration,
}

impl Timeouts {
    pub fn from_settings(settings: &Settings) -> Timeouts {
        Timeouts {
            request_head: Duration::from_secs(settings.client_request_timeout_seconds.max(1)),
            disconnect: Duration::from_secs(1),
            body: Duration::from_secs(settings.body_read_timeout_seconds.max(1)),
        }
    }
}

/// Middleware: puts a deadline on reading the request body.
pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let limit = req.app_data::<Timeouts>().map(|timeouts| timeouts.body);
    if let Some(limit) = limit {
        let inner = req.take_payload();
        let timed = TimedPayload {
            inner,
            deadline: Box::pin(tokio::time::sleep(limit)),
        };
        let boxed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(timed);
        req.set_payload(Payload::from(boxed));
    }
    next.call(req).await
}

/// A request body that fails once its deadline passes.
struct TimedPayload {
    inner: Payload,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

impl Stream for TimedPayload {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if self.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(PayloadError::Io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request body arrived too slowly",
            )))));
        }
        Pin::new(&mut self.inner).poll_next(cx)
    }
}
