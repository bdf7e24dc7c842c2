//! Settings of the workspace and its entities named as in the official client, answering
//! JSON (they are [`Settings`](crate::Settings)' calls), and the support calls (metrics,
//! reports).

use accsyn_transport::ApiRequest;
use serde_json::{Value, json};

use crate::query_arg::wire_type;
use crate::typed::truthy;
use crate::{Error, IntoQuery, Result, Session};

impl Session {
    /// One setting of an entity (`Workspace` and no id: of the workspace).
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let avoid = session.get_setting("Queue", Some("0123456789abcdef01234567"), "compute_avoid").await?;
    /// # let _ = avoid; Ok(()) }
    /// ```
    pub async fn get_setting(
        &self,
        entity_type: &str,
        id: Option<&str>,
        name: &str,
    ) -> Result<Value> {
        let request = self.settings_of(entity_type, id).get_request(name)?;
        Ok(self.result(request).await?.1)
    }

    /// Every setting of an entity that differs from the defaults.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let settings = session.get_settings("Queue", Some("0123456789abcdef01234567")).await?;
    /// # let _ = settings; Ok(()) }
    /// ```
    pub async fn get_settings(&self, entity_type: &str, id: Option<&str>) -> Result<Value> {
        let request = self.settings_of(entity_type, id).all_request(false, true)?;
        Ok(self.result(request).await?.1)
    }

    /// Sets one setting; `true` when it was updated.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.set_setting("Queue", Some("0123456789abcdef01234567"), "compute_avoid", "disable".into()).await?;
    /// # Ok(()) }
    /// ```
    pub async fn set_setting(
        &self,
        entity_type: &str,
        id: Option<&str>,
        name: &str,
        value: Value,
    ) -> Result<bool> {
        let request = self.settings_of(entity_type, id).set_request(name, value)?;
        Ok(truthy(&self.result(request).await?.1))
    }

    /// Deletes one setting (back to its default); `true` when it was deleted.
    ///
    /// # Errors
    /// The call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// session.delete_setting("Queue", Some("0123456789abcdef01234567"), "compute_avoid").await?;
    /// # Ok(()) }
    /// ```
    pub async fn delete_setting(
        &self,
        entity_type: &str,
        id: Option<&str>,
        name: &str,
    ) -> Result<bool> {
        let request = self.settings_of(entity_type, id).delete_request(name)?;
        Ok(truthy(&self.result(request).await?.1))
    }

    /// Metrics of the jobs a query selects (`attributes`: which metrics; all when empty).
    ///
    /// # Errors
    /// [`Error::Query`] for a malformed query (nothing sent), or the call's errors.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let metrics = session.metrics("Transfer WHERE id=6971e16fceadd67b955b1995", &["speed"]).await?;
    /// # let _ = metrics; Ok(()) }
    /// ```
    pub async fn metrics(&self, query: impl IntoQuery, attributes: &[&str]) -> Result<Value> {
        let attributes = if attributes.is_empty() {
            Value::Null
        } else {
            json!(attributes)
        };
        let request =
            support_request(query, "metrics")?.with_data(json!({ "attributes": attributes }));
        Ok(self.result(request).await?.1)
    }

    /// The backend's internal, human-readable report of an entity (for accsyn support).
    ///
    /// # Errors
    /// [`Error::Query`] for a malformed query, the call's errors, or
    /// [`Error::UnexpectedReply`] when the answer has no `report` text.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// println!("{}", session.report("Transfer WHERE id=6971e16fceadd67b955b1995").await?);
    /// # Ok(()) }
    /// ```
    pub async fn report(&self, query: impl IntoQuery) -> Result<String> {
        let request = support_request(query, "report")?.with_data(json!({}));
        let uri = request.uri.clone();
        let reply = self.call(request).await?;
        match reply.get("report") {
            Some(Value::String(text)) => Ok(text.clone()),
            _ => Err(Error::UnexpectedReply {
                uri,
                expected: "a `report` text",
            }),
        }
    }
}

/// `<type>/metrics` or `<type>/report` with the query's expression.
fn support_request(query: impl IntoQuery, op: &str) -> Result<ApiRequest> {
    let query = query.into_query()?;
    let request = ApiRequest::get(format!("{}/{op}", wire_type(query.entity_type())?));
    Ok(match query.expression() {
        Some(expression) => request.with_query(expression.wire_form().to_string()),
        None => request,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn support_requests_carry_the_expression() {
        let req = support_request("Transfer WHERE id=6971e16fceadd67b955b1995", "report").unwrap();
        assert_eq!(req.uri, "transfer/report");
        assert_eq!(req.query.as_deref(), Some("id=6971e16fceadd67b955b1995"));
        assert!(matches!(
            support_request("Transfer WHERE", "metrics"),
            Err(Error::Query(_))
        ));
    }
}
