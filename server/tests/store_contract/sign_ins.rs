//! Sign-ins, the state between a ceremony's two steps, and pre-issued sign-in tickets.

use super::*;

#[tokio::test]
async fn a_sign_in_lasts_until_it_expires_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        store.start_sign_in("s", ada.id, at(0), at(100)).await.expect("ada signs in");

        let signed_in = async |now: i64| store.signed_in_user("s", at(now)).await.expect("a lookup");
        assert_eq!(signed_in(0).await, Some(ada.id), "{backend:?}: at the start");
        assert_eq!(signed_in(99).await, Some(ada.id), "{backend:?}: a second before it expires");
        assert_eq!(signed_in(100).await, None, "{backend:?}: the moment it expires");
        assert_eq!(signed_in(101).await, None, "{backend:?}: after it expired");
        assert_eq!(
            store.signed_in_user("unknown", at(0)).await.expect("a lookup"),
            None,
            "{backend:?}: an unknown sign-in"
        );
    })
    .await;
}

#[tokio::test]
async fn an_ended_sign_in_signs_nobody_in_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        store.start_sign_in("phone", ada.id, at(0), at(100)).await.expect("ada signs in");
        store.start_sign_in("laptop", ada.id, at(0), at(100)).await.expect("ada signs in");

        store.end_sign_in("phone").await.expect("ada signs out");
        assert_eq!(store.signed_in_user("phone", at(1)).await.expect("a lookup"), None, "{backend:?}: ended");
        assert_eq!(
            store.signed_in_user("laptop", at(1)).await.expect("a lookup"),
            Some(ada.id),
            "{backend:?}: the other sign-in was ended too"
        );
        store.end_sign_in("phone").await.expect("ending it again is no error");
        store.end_sign_in("unknown").await.expect("ending an unknown sign-in is no error");
    })
    .await;
}

#[tokio::test]
async fn purging_sign_ins_deletes_the_expired_ones_and_counts_them_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        for (id, expires) in [("ten", 10), ("twenty", 20), ("thirty", 30)] {
            store.start_sign_in(id, ada.id, at(0), at(expires)).await.expect("ada signs in");
        }

        assert_eq!(store.purge_expired_sign_ins(at(20)).await.expect("a purge"), 2, "{backend:?}: expired by 20");
        assert_eq!(store.purge_expired_sign_ins(at(20)).await.expect("a purge"), 0, "{backend:?}: nothing left");
        // Gone, not just expired: not even a look back in time finds them.
        assert_eq!(store.signed_in_user("ten", at(0)).await.expect("a lookup"), None, "{backend:?}: not purged");
        assert_eq!(store.signed_in_user("twenty", at(0)).await.expect("a lookup"), None, "{backend:?}: not purged");
        assert_eq!(
            store.signed_in_user("thirty", at(20)).await.expect("a lookup"),
            Some(ada.id),
            "{backend:?}: a live sign-in was purged"
        );
    })
    .await;
}

#[tokio::test]
async fn a_ceremony_is_taken_once_and_only_as_its_own_kind_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        store.put_ceremony("c", CeremonyKind::Registration, "the state", at(300)).await.expect("a ceremony starts");

        let wrong = store.take_ceremony("c", CeremonyKind::Authentication, at(0)).await.expect("a take");
        assert_eq!(wrong, None, "{backend:?}: a registration was taken as an authentication");
        let right = store.take_ceremony("c", CeremonyKind::Registration, at(0)).await.expect("a take");
        assert_eq!(right.as_deref(), Some("the state"), "{backend:?}: the wrong kind's take consumed it");
        let again = store.take_ceremony("c", CeremonyKind::Registration, at(0)).await.expect("a take");
        assert_eq!(again, None, "{backend:?}: a ceremony was taken twice");
        let unknown = store.take_ceremony("unknown", CeremonyKind::Registration, at(0)).await.expect("a take");
        assert_eq!(unknown, None, "{backend:?}: an unknown ceremony");
    })
    .await;
}

#[tokio::test]
async fn an_expired_ceremony_is_never_taken_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        store.put_ceremony("c", CeremonyKind::Authentication, "state", at(300)).await.expect("a ceremony starts");
        let expired = store.take_ceremony("c", CeremonyKind::Authentication, at(300)).await.expect("a take");
        assert_eq!(expired, None, "{backend:?}: taken the moment it expired");
        let earlier = store.take_ceremony("c", CeremonyKind::Authentication, at(0)).await.expect("a take");
        assert_eq!(earlier, None, "{backend:?}: an expired take left the ceremony to take again");

        // An expiry within a second is rounded up: the ceremony lives to the end of that second.
        let half_past = at(10) + time::Duration::milliseconds(500);
        store.put_ceremony("d", CeremonyKind::Authentication, "state", half_past).await.expect("a ceremony starts");
        let within = store.take_ceremony("d", CeremonyKind::Authentication, at(10)).await.expect("a take");
        assert_eq!(within.as_deref(), Some("state"), "{backend:?}: a ceremony lived shorter than promised");
    })
    .await;
}

#[tokio::test]
async fn purging_ceremonies_deletes_the_expired_ones_and_counts_them_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        for (id, expires) in [("ten", 10), ("twenty", 20), ("thirty", 30)] {
            store.put_ceremony(id, CeremonyKind::Registration, id, at(expires)).await.expect("a ceremony starts");
        }

        assert_eq!(store.purge_expired_ceremonies(at(20)).await.expect("a purge"), 2, "{backend:?}: expired by 20");
        assert_eq!(store.purge_expired_ceremonies(at(20)).await.expect("a purge"), 0, "{backend:?}: nothing left");
        let purged = store.take_ceremony("ten", CeremonyKind::Registration, at(0)).await.expect("a take");
        assert_eq!(purged, None, "{backend:?}: an expired ceremony was not purged");
        let live = store.take_ceremony("thirty", CeremonyKind::Registration, at(20)).await.expect("a take");
        assert_eq!(live.as_deref(), Some("thirty"), "{backend:?}: a live ceremony was purged");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_racing_takes_of_one_ceremony_get_it_once_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        store.put_ceremony("c", CeremonyKind::Authentication, "the state", at(300)).await.expect("a ceremony starts");

        let takes = join_all((0..50).map(|_| store.take_ceremony("c", CeremonyKind::Authentication, at(0)))).await;
        let takes: Vec<Option<String>> =
            takes.into_iter().map(|take| take.unwrap_or_else(|e| panic!("{backend:?}: a take failed: {e}"))).collect();
        let got: Vec<&str> = takes.iter().flatten().map(String::as_str).collect();
        assert_eq!(got, ["the state"], "{backend:?}: what the 50 racing takes got");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_racing_redemptions_of_one_ticket_succeed_once_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let redemptions = join_all((0..50).map(|_| store.redeem_sign_in_ticket("ticket", at(300)))).await;
        let redeemed = redemptions
            .into_iter()
            .map(|redemption| redemption.unwrap_or_else(|e| panic!("{backend:?}: a redemption failed: {e}")))
            .filter(|&redeemed| redeemed)
            .count();
        assert_eq!(redeemed, 1, "{backend:?}: how many of 50 racing redemptions succeeded");
        let later = store.redeem_sign_in_ticket("ticket", at(300)).await.expect("a redemption");
        assert!(!later, "{backend:?}: a redeemed ticket was redeemed again later");
        let other = store.redeem_sign_in_ticket("another ticket", at(300)).await.expect("a redemption");
        assert!(other, "{backend:?}: another ticket was refused");
    })
    .await;
}

#[tokio::test]
async fn purging_redeemed_tickets_forgets_only_the_expired_ones_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        assert!(store.redeem_sign_in_ticket("ten", at(10)).await.expect("a redemption"), "{backend:?}: ten");
        assert!(store.redeem_sign_in_ticket("thirty", at(30)).await.expect("a redemption"), "{backend:?}: thirty");

        assert_eq!(store.purge_expired_sign_in_tickets(at(10)).await.expect("a purge"), 1, "{backend:?}: by 10");
        assert_eq!(store.purge_expired_sign_in_tickets(at(10)).await.expect("a purge"), 0, "{backend:?}: again");
        assert!(
            !store.redeem_sign_in_ticket("thirty", at(30)).await.expect("a redemption"),
            "{backend:?}: a live redeemed ticket was forgotten"
        );
        assert!(
            store.redeem_sign_in_ticket("ten", at(10)).await.expect("a redemption"),
            "{backend:?}: an expired redeemed ticket was not forgotten"
        );
        assert_eq!(store.purge_expired_sign_in_tickets(at(100)).await.expect("a purge"), 2, "{backend:?}: by 100");
    })
    .await;
}
