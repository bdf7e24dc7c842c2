//! The `Transport` trait: one async call from an [`ApiRequest`] to a [`Reply`].

use std::sync::Arc;

use async_trait::async_trait;

use crate::{ApiRequest, Error, RawReply, Reply};

/// Sends one API call and returns the decoded reply or a typed error.
///
/// Object-safe, `Send + Sync`, meant to be shared as `Arc<dyn Transport>`. A fake is a few
/// lines, which is the point: the client crate's logic can be unit-tested without HTTP.
/// [`HttpTransport`](crate::HttpTransport) is the real implementation; with the `mock`
/// feature, `MockTransport` is a mockall mock.
///
/// ```
/// use std::sync::Arc;
/// use accsyn_transport::{async_trait, ApiRequest, Error, Reply, Transport};
/// use serde_json::json;
///
/// /// Answers every find with an empty list.
/// struct EmptyFinds;
///
/// #[async_trait]
/// impl Transport for EmptyFinds {
///     async fn call(&self, request: ApiRequest) -> Result<Reply, Error> {
///         if request.uri.ends_with("/find") {
///             Ok(Reply::from_result(json!([])))
///         } else {
///             Err(Error::Config(format!("{} is not faked", request.uri)))
///         }
///     }
/// }
///
/// # tokio_test_block(async {
/// let transport: Arc<dyn Transport> = Arc::new(EmptyFinds);
/// let reply = transport.call(ApiRequest::get("transfer/find")).await.unwrap();
/// assert_eq!(reply.into_result(), Some(json!([])));
/// # });
/// # fn tokio_test_block(f: impl std::future::Future<Output = ()>) {
/// #     tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
/// # }
/// ```
#[async_trait]
pub trait Transport: Send + Sync {
    /// Sends `request` and decodes the reply.
    async fn call(&self, request: ApiRequest) -> Result<Reply, Error>;

    /// Sends `request` and hands back a successful reply undecoded, so the caller can read its
    /// body straight into its own types. Refusals and faults are still this crate's errors,
    /// except in a body over 64 KiB, which is not searched: a caller decoding one must treat
    /// a top-level `message` or `exception` as an error ([`RawReply::decode`] does).
    ///
    /// The default implementation calls [`call`](Self::call) and writes the reply back to
    /// JSON, so a fake or a mock needs only `call`; [`HttpTransport`](crate::HttpTransport)
    /// returns the body as received.
    async fn call_raw(&self, request: ApiRequest) -> Result<RawReply, Error> {
        let uri = request.uri.clone();
        let reply = self.call(request).await?;
        let body = serde_json::to_vec(reply.as_map()).map_err(|e| Error::Decode {
            uri: uri.clone(),
            status: 200,
            reason: format!("the reply could not be written back to JSON: {e}"),
            body_start: String::new(),
        })?;
        Ok(RawReply::new(uri, 200, body))
    }
}

#[async_trait]
impl<T: Transport + ?Sized> Transport for Arc<T> {
    async fn call(&self, request: ApiRequest) -> Result<Reply, Error> {
        (**self).call(request).await
    }

    async fn call_raw(&self, request: ApiRequest) -> Result<RawReply, Error> {
        (**self).call_raw(request).await
    }
}

#[async_trait]
impl<T: Transport + ?Sized> Transport for Box<T> {
    async fn call(&self, request: ApiRequest) -> Result<Reply, Error> {
        (**self).call(request).await
    }

    async fn call_raw(&self, request: ApiRequest) -> Result<RawReply, Error> {
        (**self).call_raw(request).await
    }
}

#[cfg(feature = "mock")]
mod mock {
    // mockall generates helper types and methods (expectations, sequences) without docs;
    // their meaning is documented by mockall itself.
    #![allow(missing_docs)]

    use super::*;

    mockall::mock! {
        /// A mockall mock of [`Transport`], for unit tests of code built on a transport.
        ///
        /// ```
        /// use accsyn_transport::{ApiRequest, MockTransport, Reply, Transport};
        ///
        /// let mut mock = MockTransport::new();
        /// mock.expect_call()
        ///     .withf(|req| req.uri == "entitytypes")
        ///     .returning(|_| Ok(Reply::from_result(serde_json::json!(["transfer"]))));
        /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
        /// let reply = mock.call(ApiRequest::get("entitytypes")).await.unwrap();
        /// assert!(reply.result().is_some());
        /// # });
        /// ```
        pub Transport {}

        #[async_trait]
        impl Transport for Transport {
            async fn call(&self, request: ApiRequest) -> Result<Reply, Error>;
        }
    }
}

#[cfg(feature = "mock")]
pub use mock::MockTransport;
