//! Typed finds, their pages, and a stream over all pages.

use std::future::IntoFuture;
use std::marker::PhantomData;

use accsyn_query::{Expr, Query};
use futures_util::{Stream, TryStreamExt, stream};

use super::Resource;
use crate::raw::{BoxFuture, boxed, find_option_setters};
use crate::{Error, FindOptions, Result, Session, request};
use sync_wrapper::SyncStream;

/// A filter for a typed find: an expression (`"status=done"`), a whole query of the
/// handler's entity type (`"Transfer WHERE status=done"`), or a built [`Expr`] or [`Query`].
///
/// ```
/// use accsyn_client::{IntoFilter, query::attr};
///
/// let from_text = "status=done".into_filter("transfer")?;
/// let from_query = "Transfer WHERE status=done".into_filter("transfer")?;
/// let built = attr("status").eq("done").into_filter("transfer")?;
/// assert_eq!(from_text, built);
/// assert_eq!(from_query.expression(), built.expression());
/// assert!("Delivery WHERE status=done".into_filter("transfer").is_err());
/// # Ok::<(), accsyn_client::Error>(())
/// ```
pub trait IntoFilter {
    /// The query for `entity_type` with this filter.
    ///
    /// # Errors
    /// [`Error::Query`] for text that does not parse; [`Error::InvalidArgument`] for a query
    /// of another entity type.
    fn into_filter(self, entity_type: &str) -> Result<Query>;
}

impl IntoFilter for &str {
    fn into_filter(self, entity_type: &str) -> Result<Query> {
        Query::from_wire(entity_type, self)?.into_filter(entity_type)
    }
}

impl IntoFilter for String {
    fn into_filter(self, entity_type: &str) -> Result<Query> {
        self.as_str().into_filter(entity_type)
    }
}

impl IntoFilter for Expr {
    fn into_filter(self, entity_type: &str) -> Result<Query> {
        Ok(Query::new(entity_type).filter(self))
    }
}

impl IntoFilter for Query {
    fn into_filter(self, entity_type: &str) -> Result<Query> {
        if self.entity_type().eq_ignore_ascii_case(entity_type) {
            Ok(self)
        } else {
            Err(Error::InvalidArgument(format!(
                "a {entity_type} find was given a query of `{}`: {self}",
                self.entity_type()
            )))
        }
    }
}

/// One page of a typed find: the entities, and where the page started.
///
/// ```
/// # use accsyn_client::Page;
/// # fn show(page: Page<accsyn_client::model::Transfer>) {
/// for transfer in page.items() {
///     println!("{:?}", transfer.name);
/// }
/// if let Some(skip) = page.next_skip() {
///     println!("the next page starts at {skip}");
/// }
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    items: Vec<T>,
    skip: u64,
    limit: Option<u64>,
}

impl<T> Page<T> {
    /// The entities on this page.
    ///
    /// ```
    /// # fn show(page: accsyn_client::Page<accsyn_client::model::User>) {
    /// println!("{} users", page.items().len());
    /// # }
    /// ```
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// Takes the entities.
    ///
    /// ```
    /// # fn show(page: accsyn_client::Page<accsyn_client::model::User>) {
    /// let users: Vec<_> = page.into_items();
    /// # let _ = users; }
    /// ```
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// How many matches were skipped before this page.
    ///
    /// ```
    /// # fn show(page: accsyn_client::Page<accsyn_client::model::User>) {
    /// println!("from match {}", page.skip());
    /// # }
    /// ```
    pub fn skip(&self) -> u64 {
        self.skip
    }

    /// Where the next page starts, when there may be one: the page was limited and full. A
    /// full last page costs one more (empty) round trip to find out.
    ///
    /// ```
    /// # fn show(page: accsyn_client::Page<accsyn_client::model::User>) {
    /// let more = page.next_skip().is_some();
    /// # let _ = more; }
    /// ```
    pub fn next_skip(&self) -> Option<u64> {
        let limit = self.limit.filter(|&l| l > 0)?;
        let len = u64::try_from(self.items.len()).ok()?;
        (len >= limit).then(|| self.skip.checked_add(len)).flatten()
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// A typed find in the making: set options, then `.await` it for the entities, or ask for
/// one [`page`](Self::page) or a [`stream`](Self::stream) over all pages. Made by a
/// handler's `find` or `list`.
///
/// ```no_run
/// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
/// let first_ten = session.transfers().find("status=done").finished(true).limit(10).await?;
/// # let _ = first_ten; Ok(()) }
/// ```
#[must_use = "a find does nothing until it is awaited"]
#[derive(Debug)]
pub struct TypedFind<T> {
    session: Session,
    query: Result<Query>,
    options: FindOptions,
    _entity: PhantomData<fn() -> T>,
}

impl<T: Resource> TypedFind<T> {
    pub(crate) fn new(session: Session, query: Result<Query>) -> Self {
        TypedFind {
            session,
            query,
            options: FindOptions::new(),
            _entity: PhantomData,
        }
    }

    /// Replaces all options at once.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let options = accsyn_client::FindOptions::new().finished(true);
    /// let done = session.find("Transfer WHERE status=done").options(options).await?;
    /// # let _ = done; Ok(()) }
    /// ```
    pub fn options(mut self, options: FindOptions) -> Self {
        self.options = options;
        self
    }

    find_option_setters!(options);

    /// Sends the find and returns every entity it answers (all matches unless
    /// [`limit`](Self::limit) is set).
    ///
    /// # Errors
    /// [`Error::Query`] (nothing sent), the call's errors, or [`Error::Decode`] naming the
    /// JSON path that did not fit.
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let failed = session.transfers().find("status=failed").send().await?;
    /// # let _ = failed; Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<T>> {
        Ok(self.page().await?.into_items())
    }

    /// Sends the find as a single-entity query (which relaxes the status scope, as the
    /// official client's `find_one` does) and returns the first match, or `None`.
    ///
    /// # Errors
    /// As [`send`](Self::send).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let old = session.deliveries().find("name='Project references'").finished(true).one().await?;
    /// # let _ = old; Ok(()) }
    /// ```
    pub async fn one(self) -> Result<Option<T>> {
        let request = request::find(&self.query?, &self.options, true)?;
        let (_, found) = self.session.typed::<Vec<T>>(request).await?;
        Ok(found.unwrap_or_default().into_iter().next())
    }

    /// Sends the find and returns one page, which knows where the next one starts.
    ///
    /// # Errors
    /// As [`send`](Self::send).
    ///
    /// ```no_run
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let page = session.transfers().list().skip(100).limit(50).page().await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub async fn page(self) -> Result<Page<T>> {
        fetch_page(&self.session, &self.query?, &self.options).await
    }

    /// Every match, fetched `page_size` at a time (starting at [`skip`](Self::skip)) as the
    /// stream is read. Stops after the first short page, or after an error; an empty page is not yielded.
    /// A page that starts with the same entity as the one before it (a server that ignores
    /// `skip`) ends the stream with [`Error::UnexpectedReply`] instead of repeating forever.
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let mut all = std::pin::pin!(session.transfers().list().finished(true).stream(100));
    /// while let Some(transfer) = all.try_next().await? {
    ///     println!("{:?}", transfer.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn stream(self, page_size: u64) -> impl Stream<Item = Result<T>> + Send + Sync + 'static
    where
        T: Send + 'static,
    {
        SyncStream::new(
            self.pages_unshared(page_size)
                .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
                .try_flatten(),
        )
    }

    /// Like [`stream`](Self::stream), one page at a time.
    ///
    /// ```no_run
    /// use futures_util::TryStreamExt;
    /// # async fn run(session: accsyn_client::Session) -> accsyn_client::Result<()> {
    /// let pages: Vec<_> = session.users().list().pages(50).try_collect().await?;
    /// # let _ = pages; Ok(()) }
    /// ```
    pub fn pages(
        self,
        page_size: u64,
    ) -> impl Stream<Item = Result<Page<T>>> + Send + Sync + 'static
    where
        T: Send + 'static,
    {
        SyncStream::new(self.pages_unshared(page_size))
    }

    /// The pages, before they are wrapped to be `Sync`.
    fn pages_unshared(self, page_size: u64) -> impl Stream<Item = Result<Page<T>>> + Send + 'static
    where
        T: Send + 'static,
    {
        let session = self.session;
        let mut options = self.options;
        // A zero page size would never advance: read it as one.
        options.limit = Some(page_size.max(1));
        let start = options.skip.unwrap_or(0);
        let query = self.query;
        stream::try_unfold(Some((start, query, None)), move |state| {
            let options = options.clone();
            let session = session.clone();
            async move {
                let Some((skip, query, previous_first)) = state else {
                    return Ok(None);
                };
                let query = query?;
                let options = FindOptions {
                    skip: Some(skip),
                    ..options
                };
                let page = fetch_page::<T>(&session, &query, &options).await?;
                // Kept to tell the next page from a repeat; only streams pay for the copy.
                let first = page.items.first().cloned();
                if first.is_some() && first == previous_first {
                    return Err(Error::UnexpectedReply {
                        uri: format!("{}/find", query.entity_type().to_ascii_lowercase()),
                        expected: "the next page, not the previous one again (the server \
                                   seems to ignore `skip`)",
                    });
                }
                let next = page.next_skip().map(|s| (s, Ok(query), first));
                Ok(Some((page, next)))
            }
        })
        .try_filter(|page| std::future::ready(!page.items.is_empty()))
    }
}

impl<T: Resource> IntoFuture for TypedFind<T> {
    type Output = Result<Vec<T>>;
    type IntoFuture = BoxFuture<'static, Self::Output>;

    fn into_future(self) -> Self::IntoFuture {
        boxed(self.send())
    }
}

/// One page of a find.
async fn fetch_page<T: Resource>(
    session: &Session,
    query: &Query,
    options: &FindOptions,
) -> Result<Page<T>> {
    let request = request::find(query, options, false)?;
    // Straight from the reply's bytes into `T`: a large find never becomes a `Value` tree.
    let (_, items) = session.typed::<Vec<T>>(request).await?;
    Ok(Page {
        items: items.unwrap_or_default(),
        skip: options.skip.unwrap_or(0),
        limit: options.limit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(len: usize, skip: u64, limit: Option<u64>) -> Page<u8> {
        Page {
            items: vec![0; len],
            skip,
            limit,
        }
    }

    #[test]
    fn only_a_full_limited_page_has_a_next_one() {
        assert_eq!(page(50, 100, Some(50)).next_skip(), Some(150));
        assert_eq!(page(49, 100, Some(50)).next_skip(), None);
        assert_eq!(page(50, 0, None).next_skip(), None);
        assert_eq!(page(0, 0, Some(0)).next_skip(), None);
        // A page at the very end of the range has no next one rather than repeating itself.
        assert_eq!(page(1, u64::MAX, Some(1)).next_skip(), None);
    }
}
