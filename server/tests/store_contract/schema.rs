//! The server secret and the schema.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_first_starts_agree_on_one_server_secret_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ones, twos) = (|| vec![1; 32], || vec![2; 32]);
        let (first, second) = tokio::join!(store.server_secret("key", &ones), store.server_secret("key", &twos));
        let (first, second) = (first.expect("a secret"), second.expect("a secret"));
        assert_eq!(first, second, "{backend:?}: two racing first starts disagree");
        assert!(first == vec![1; 32] || first == vec![2; 32], "{backend:?}: a secret nobody generated: {first:?}");

        let later = store.server_secret("key", &|| vec![3; 32]).await.expect("a secret");
        assert_eq!(later, first, "{backend:?}: a later start got another secret");
        let other = store.server_secret("another key", &|| vec![4; 16]).await.expect("a secret");
        assert_eq!(other, vec![4; 16], "{backend:?}: another name's secret");
    })
    .await;
}

#[tokio::test]
async fn a_fresh_store_misses_no_migration_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        assert_eq!(store.missing_migrations().await.expect("the migrations are readable"), 0, "{backend:?}");
    })
    .await;
}
