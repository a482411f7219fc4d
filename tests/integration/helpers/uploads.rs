//! Forms with files, as a browser sends them, and what the app kept on disk.

use super::*;

/// A `multipart/form-data` body as a browser sends a form: `fields` in order, then the `file`
/// part (name, content type, bytes) when given. Returns (content type header, body).
pub fn multipart_body(
    fields: &[(&str, &str)],
    file: Option<(&str, &str, &[u8])>,
) -> (String, Vec<u8>) {
    let boundary = format!("----praktiki{}", uuid::Uuid::new_v4().simple());
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    if let Some((file_name, content_type, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// POSTs a multipart body as is (no token added).
    pub async fn post_multipart(
        &self,
        action: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, &str, &[u8])>,
    ) -> reqwest::Response {
        let (content_type, body) = multipart_body(fields, file);
        self.client
            .post(self.url(action))
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("POST multipart")
    }

    /// Uploads a file through the form on `form_page` like a browser: the form's CSRF token
    /// first, then the `file` field.
    pub async fn upload_file(
        &self,
        form_page: &str,
        action: &str,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> reqwest::Response {
        let token = self.csrf_token(form_page).await;
        self.post_multipart(
            action,
            &[("csrf_token", &token)],
            Some((file_name, content_type, bytes)),
        )
        .await
    }
}

/// Names of the files in the app's upload directory, sorted (none when it does not exist yet).
pub fn files_on_disk(app: &TestApp) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(&app.settings.upload_dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// A fixture file under `tests/fixtures/`.
pub fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo_root().join("tests/fixtures").join(name))
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"))
}
