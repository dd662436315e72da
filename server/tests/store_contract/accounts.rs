//! Accounts, their passkeys and passwords, and managing the account's sign-in methods.

use super::*;

#[tokio::test]
async fn a_password_account_is_found_by_its_id_and_its_username_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = account("ada");
        store.create_user_with_password(&ada, "hash-of-ada").await.expect("the account is created");

        assert!(store.username_exists("ada").await.expect("a lookup"), "{backend:?}: ada exists");
        assert!(!store.username_exists("grace").await.expect("a lookup"), "{backend:?}: grace does not exist");
        let found = store.user(ada.id).await.expect("a lookup").expect("ada is found by id");
        assert_eq!(
            (found.id, found.username.as_str(), found.display_name.as_str(), found.created_at),
            (ada.id, "ada", "ada (display)", at(0)),
            "{backend:?}: the account reads back as written"
        );
        assert!(store.user(Uuid::new_v4()).await.expect("a lookup").is_none(), "{backend:?}: an unknown id");
        assert_eq!(
            store.password_hash_of("ada").await.expect("a lookup"),
            Some((ada.id, "hash-of-ada".to_owned())),
            "{backend:?}: the password hash"
        );
        assert_eq!(store.password_hash_of("grace").await.expect("a lookup"), None, "{backend:?}: no such account");
    })
    .await;
}

#[tokio::test]
async fn a_passkey_account_has_no_password_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = account("ada");
        store
            .create_user_with_passkey(&ada, &NewPasskey::from(&new_passkey(&ada)), None)
            .await
            .expect("the account is created");
        assert!(store.username_exists("ada").await.expect("a lookup"), "{backend:?}: ada exists");
        assert_eq!(store.password_hash_of("ada").await.expect("a lookup"), None, "{backend:?}: no password");
    })
    .await;
}

#[tokio::test]
async fn a_username_is_taken_once_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let first = password_account(&*store, "ada").await;

        let second = account("ada");
        let taken = store.create_user_with_password(&second, "hash-of-the-second").await;
        assert!(matches!(taken, Err(StoreError::UsernameTaken)), "{backend:?}: a second ada got {taken:?}");
        assert!(store.user(second.id).await.expect("a lookup").is_none(), "{backend:?}: the second ada was written");
        assert_eq!(
            store.password_hash_of("ada").await.expect("a lookup").map(|(id, _)| id),
            Some(first.id),
            "{backend:?}: the username still belongs to the first account"
        );
    })
    .await;
}

#[tokio::test]
async fn a_sign_up_with_a_taken_username_leaves_no_passkey_behind_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        password_account(&*store, "ada").await;

        let second = account("ada");
        let passkey = new_passkey(&second);
        let taken = store.create_user_with_passkey(&second, &NewPasskey::from(&passkey), None).await;
        assert!(matches!(taken, Err(StoreError::UsernameTaken)), "{backend:?}: a second ada got {taken:?}");
        assert!(store.user(second.id).await.expect("a lookup").is_none(), "{backend:?}: the second ada was written");
        assert!(
            store.passkey(passkey.cred_id().as_slice()).await.expect("a lookup").is_none(),
            "{backend:?}: the refused sign-up left its passkey behind"
        );
        assert!(store.passkeys_of(second.id).await.expect("a lookup").is_empty(), "{backend:?}: passkeys of nobody");
    })
    .await;
}

#[tokio::test]
async fn a_credential_id_is_registered_once_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, passkey) = signed_up_with_passkey(&*store, "ada").await;

        let again = store.add_passkey(ada.id, &NewPasskey::from(&passkey), at(10)).await;
        assert!(
            matches!(again, Err(StoreError::CredentialAlreadyRegistered)),
            "{backend:?}: the same passkey added again got {again:?}"
        );

        let grace = password_account(&*store, "grace").await;
        let to_grace = store.add_passkey(grace.id, &NewPasskey::from(&passkey), at(20)).await;
        assert!(
            matches!(to_grace, Err(StoreError::CredentialAlreadyRegistered)),
            "{backend:?}: ada's passkey added to grace got {to_grace:?}"
        );

        let mallory = account("mallory");
        let sign_up = store.create_user_with_passkey(&mallory, &NewPasskey::from(&passkey), None).await;
        assert!(
            matches!(sign_up, Err(StoreError::CredentialAlreadyRegistered)),
            "{backend:?}: a sign-up with ada's passkey got {sign_up:?}"
        );
        assert!(!store.username_exists("mallory").await.expect("a lookup"), "{backend:?}: mallory was created");

        let stored = store.passkey(passkey.cred_id().as_slice()).await.expect("a lookup").expect("the passkey");
        assert_eq!(stored.user_id, ada.id, "{backend:?}: the passkey still belongs to ada");
        assert_eq!(store.passkeys_of(ada.id).await.expect("a lookup").len(), 1, "{backend:?}: ada has one passkey");
        assert!(store.passkeys_of(grace.id).await.expect("a lookup").is_empty(), "{backend:?}: grace has none");
    })
    .await;
}

#[tokio::test]
async fn an_accounts_passkeys_are_listed_in_creation_order_even_within_one_second_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = account("ada");
        let first = new_passkey(&ada);
        store.create_user_with_passkey(&ada, &NewPasskey::from(&first), None).await.expect("ada signs up");
        // Three in the same second, then one created earlier than those three.
        let same_second: Vec<Passkey> = (0..3).map(|_| new_passkey(&ada)).collect();
        for passkey in &same_second {
            store.add_passkey(ada.id, &NewPasskey::from(passkey), at(5)).await.expect("a passkey is added");
        }
        let earlier = new_passkey(&ada);
        store.add_passkey(ada.id, &NewPasskey::from(&earlier), at(1)).await.expect("a passkey is added");
        let grace = password_account(&*store, "grace").await;

        let listed = store.passkeys_of(ada.id).await.expect("ada's passkeys");
        let ids: Vec<&[u8]> = listed.iter().map(|stored| stored.passkey.cred_id().as_slice()).collect();
        let expected: Vec<&[u8]> = [&first, &earlier, &same_second[0], &same_second[1], &same_second[2]]
            .into_iter()
            .map(|passkey| passkey.cred_id().as_slice())
            .collect();
        assert_eq!(ids, expected, "{backend:?}: ada's passkeys in creation order");
        let created: Vec<OffsetDateTime> = listed.iter().map(|stored| stored.created_at).collect();
        assert_eq!(created, [at(0), at(1), at(5), at(5), at(5)], "{backend:?}: when each was created");
        assert!(listed.iter().all(|stored| stored.user_id == ada.id), "{backend:?}: all ada's");
        assert!(listed.iter().all(|stored| stored.last_used_at.is_none()), "{backend:?}: none used yet");
        assert!(store.passkeys_of(grace.id).await.expect("a lookup").is_empty(), "{backend:?}: grace has none");
    })
    .await;
}

#[tokio::test]
async fn a_passkey_is_found_with_its_owner_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, passkey) = signed_up_with_passkey(&*store, "ada").await;
        let id = passkey.cred_id().as_slice();

        let (stored, owner) = store.passkey_with_owner(id).await.expect("a lookup").expect("the passkey is found");
        assert_eq!(stored.passkey.cred_id().as_slice(), id, "{backend:?}: the passkey found");
        assert_eq!(stored.user_id, ada.id, "{backend:?}: whose it is");
        assert_eq!(stored.created_at, at(0), "{backend:?}: created with the account");
        assert_eq!(
            (owner.id, owner.username.as_str(), owner.display_name.as_str(), owner.created_at),
            (ada.id, "ada", "ada (display)", at(0)),
            "{backend:?}: its owner"
        );
        assert!(
            store.passkey_with_owner(&[7; 32]).await.expect("a lookup").is_none(),
            "{backend:?}: an unknown credential id"
        );
        assert!(store.passkey(&[7; 32]).await.expect("a lookup").is_none(), "{backend:?}: an unknown credential id");
    })
    .await;
}

#[tokio::test]
async fn a_signature_counter_never_goes_backwards_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (_, passkey) = signed_up_with_passkey(&*store, "ada").await;

        store.record_passkey_use(&passkey, 5, at(10)).await.expect("counter 5 after 0");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(10)), "{backend:?}: the use is recorded");

        let lower = store.record_passkey_use(&passkey, 3, at(20)).await;
        assert!(matches!(lower, Err(StoreError::CounterRegression)), "{backend:?}: counter 3 after 5 got {lower:?}");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(10)), "{backend:?}: the refused use was recorded");
        // The stored counter is still 5, not 3: 4 is refused too, and so is 5 again.
        let four = store.record_passkey_use(&passkey, 4, at(30)).await;
        assert!(matches!(four, Err(StoreError::CounterRegression)), "{backend:?}: counter 4 after 5 got {four:?}");
        let same = store.record_passkey_use(&passkey, 5, at(30)).await;
        assert!(matches!(same, Err(StoreError::CounterRegression)), "{backend:?}: counter 5 after 5 got {same:?}");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(10)), "{backend:?}: a refused use was recorded");

        store.record_passkey_use(&passkey, 6, at(40)).await.expect("counter 6 after 5");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(40)), "{backend:?}: the use is recorded");
    })
    .await;
}

#[tokio::test]
async fn a_synced_passkey_may_report_zero_after_zero_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (_, passkey) = signed_up_with_passkey(&*store, "ada").await;

        store.record_passkey_use(&passkey, 0, at(10)).await.expect("counter 0 after 0");
        store.record_passkey_use(&passkey, 0, at(20)).await.expect("counter 0 after 0, again");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(20)), "{backend:?}: both uses are recorded");

        store.record_passkey_use(&passkey, 1, at(30)).await.expect("counter 1 after 0");
        let zero = store.record_passkey_use(&passkey, 0, at(40)).await;
        assert!(matches!(zero, Err(StoreError::CounterRegression)), "{backend:?}: counter 0 after 1 got {zero:?}");
        assert_eq!(last_used(&*store, &passkey).await, Some(at(30)), "{backend:?}: the refused use was recorded");
    })
    .await;
}

#[tokio::test]
async fn changing_the_password_ends_the_accounts_other_sign_ins_and_nobody_elses_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = password_account(&*store, "ada").await;
        let grace = password_account(&*store, "grace").await;
        for id in ["ada-phone", "ada-laptop", "ada-tablet"] {
            store.start_sign_in(id, ada.id, at(0), at(3600)).await.expect("ada signs in");
        }
        store.start_sign_in("grace-laptop", grace.id, at(0), at(3600)).await.expect("grace signs in");

        store.set_password_hash(ada.id, "new-hash-of-ada", "ada-laptop").await.expect("the password changes");

        let signed_in = async |id: &str| store.signed_in_user(id, at(1)).await.expect("a lookup");
        assert_eq!(signed_in("ada-laptop").await, Some(ada.id), "{backend:?}: the kept sign-in");
        assert_eq!(signed_in("ada-phone").await, None, "{backend:?}: another sign-in of ada's survived");
        assert_eq!(signed_in("ada-tablet").await, None, "{backend:?}: another sign-in of ada's survived");
        assert_eq!(signed_in("grace-laptop").await, Some(grace.id), "{backend:?}: grace was signed out");
        assert_eq!(
            store.password_hash_of("ada").await.expect("a lookup"),
            Some((ada.id, "new-hash-of-ada".to_owned())),
            "{backend:?}: the new password"
        );
    })
    .await;
}

#[tokio::test]
async fn a_passkey_is_renamed_and_deleted_only_by_its_own_account_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, passkey) = signed_up_with_passkey(&*store, "ada").await;
        let (mallory, _) = signed_up_with_passkey(&*store, "mallory").await;
        let id = passkey.cred_id().as_slice();

        let renamed = store.rename_passkey(mallory.id, id, Some("mine")).await;
        assert!(matches!(renamed, Err(StoreError::PasskeyNotFound)), "{backend:?}: renamed by another: {renamed:?}");
        let deleted = store.delete_passkey(mallory.id, id, "mallory-laptop").await;
        assert!(matches!(deleted, Err(StoreError::PasskeyNotFound)), "{backend:?}: deleted by another: {deleted:?}");

        store.rename_passkey(ada.id, id, Some("Phone")).await.expect("ada renames her passkey");
        let stored = store.passkey(id).await.expect("a lookup").expect("still there");
        assert_eq!(stored.label.as_deref(), Some("Phone"), "{backend:?}: the label");
        store.rename_passkey(ada.id, id, None).await.expect("ada removes the label");
        assert_eq!(store.passkey(id).await.expect("a lookup").expect("there").label, None, "{backend:?}");
    })
    .await;
}

#[tokio::test]
async fn a_passkey_keeps_the_aaguid_it_was_registered_with_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let ada = account("ada");
        let (named, nameless) = (new_passkey(&ada), new_passkey(&ada));
        let aaguid = Uuid::parse_str("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4").expect("a UUID");
        let with_aaguid = NewPasskey { passkey: &named, aaguid: Some(aaguid) };
        store.create_user_with_passkey(&ada, &with_aaguid, None).await.expect("ada signs up");
        store.add_passkey(ada.id, &NewPasskey::from(&nameless), at(1)).await.expect("a second passkey");

        let stored = store.passkeys_of(ada.id).await.expect("a lookup");
        let aaguids: Vec<_> = stored.iter().map(|p| p.aaguid).collect();
        assert_eq!(aaguids, [Some(aaguid), None], "{backend:?}");
        let (found, _) = store.passkey_with_owner(named.cred_id().as_slice()).await.expect("a lookup").expect("it");
        assert_eq!(found.aaguid, Some(aaguid), "{backend:?}: with its owner too");
    })
    .await;
}

#[tokio::test]
async fn an_account_always_keeps_a_way_to_sign_in_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, passkey) = signed_up_with_passkey(&*store, "ada").await;
        let id = passkey.cred_id().as_slice();

        let last = store.delete_passkey(ada.id, id, "ada-laptop").await;
        assert!(matches!(last, Err(StoreError::LastSignInMethod)), "{backend:?}: the only passkey went: {last:?}");
        assert!(!store.has_password(ada.id).await.expect("a lookup"), "{backend:?}");

        store.set_password_hash(ada.id, "hash-of-ada", "ada-laptop").await.expect("ada sets a password");
        assert!(store.has_password(ada.id).await.expect("a lookup"), "{backend:?}");
        store.delete_passkey(ada.id, id, "ada-laptop").await.expect("with a password, the passkey can go");
        assert!(store.passkeys_of(ada.id).await.expect("a lookup").is_empty(), "{backend:?}");

        let removed = store.remove_password(ada.id, "ada-laptop").await;
        assert!(matches!(removed, Err(StoreError::LastSignInMethod)), "{backend:?}: the password went: {removed:?}");
        assert!(store.has_password(ada.id).await.expect("a lookup"), "{backend:?}: the password stays");
    })
    .await;
}

#[tokio::test]
async fn racing_deletions_of_the_last_two_passkeys_leave_one_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        for round in 0..5 {
            let (ada, first) = signed_up_with_passkey(&*store, &format!("ada{round}")).await;
            let second = new_passkey(&ada);
            store.add_passkey(ada.id, &NewPasskey::from(&second), at(1)).await.expect("a second passkey");

            let (a, b) = tokio::join!(
                store.delete_passkey(ada.id, first.cred_id().as_slice(), "tab-1"),
                store.delete_passkey(ada.id, second.cred_id().as_slice(), "tab-2"),
            );

            let refused = [&a, &b].iter().filter(|r| matches!(r, Err(StoreError::LastSignInMethod))).count();
            assert_eq!(refused, 1, "{backend:?} round {round}: exactly one refused: {a:?} {b:?}");
            assert!(a.is_ok() || b.is_ok(), "{backend:?} round {round}: one deleted: {a:?} {b:?}");
            assert_eq!(store.passkeys_of(ada.id).await.expect("a lookup").len(), 1, "{backend:?} round {round}");
        }
    })
    .await;
}

#[tokio::test]
async fn removing_a_passkey_or_the_password_ends_the_accounts_other_sign_ins_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, first) = signed_up_with_passkey(&*store, "ada").await;
        store.add_passkey(ada.id, &NewPasskey::from(&new_passkey(&ada)), at(1)).await.expect("a second passkey");
        store.set_password_hash(ada.id, "hash-of-ada", "ada-laptop").await.expect("a password");
        let (grace, _) = signed_up_with_passkey(&*store, "grace").await;
        store.start_sign_in("grace-laptop", grace.id, at(0), at(3600)).await.expect("grace signs in");
        let sign_in_everywhere = async || {
            for id in ["ada-phone", "ada-laptop"] {
                store.start_sign_in(id, ada.id, at(0), at(3600)).await.expect("ada signs in");
            }
        };
        let signed_in = async |id: &str| store.signed_in_user(id, at(1)).await.expect("a lookup");

        sign_in_everywhere().await;
        store.delete_passkey(ada.id, first.cred_id().as_slice(), "ada-laptop").await.expect("deleted");
        assert_eq!(signed_in("ada-phone").await, None, "{backend:?}: the phone is signed out");
        assert_eq!(signed_in("ada-laptop").await, Some(ada.id), "{backend:?}: the laptop is not");

        store.end_sign_in("ada-laptop").await.expect("signed out");
        sign_in_everywhere().await;
        store.remove_password(ada.id, "ada-laptop").await.expect("removed");
        assert_eq!(signed_in("ada-phone").await, None, "{backend:?}: the phone is signed out");
        assert_eq!(signed_in("ada-laptop").await, Some(ada.id), "{backend:?}");
        assert!(!store.has_password(ada.id).await.expect("a lookup"), "{backend:?}");

        store.start_sign_in("ada-tablet", ada.id, at(0), at(3600)).await.expect("ada signs in");
        let ended = store.end_other_sign_ins(ada.id, "ada-laptop").await.expect("signed out elsewhere");
        assert_eq!(ended, 1, "{backend:?}: the tablet");
        assert_eq!(signed_in("grace-laptop").await, Some(grace.id), "{backend:?}: grace was never touched");
    })
    .await;
}

#[tokio::test]
async fn a_deleted_account_takes_its_passkeys_and_sign_ins_and_frees_its_name_whatever_its_backend() {
    on_both_backends(|backend, store| async move {
        let (ada, passkey) = signed_up_with_passkey(&*store, "ada").await;
        store.start_sign_in("ada-laptop", ada.id, at(0), at(3600)).await.expect("ada signs in");
        store.set_display_name(ada.id, "Countess").await.expect("renamed");
        assert_eq!(store.user(ada.id).await.expect("a lookup").expect("ada").display_name, "Countess", "{backend:?}");

        store.delete_user(ada.id).await.expect("deleted");

        assert!(store.user(ada.id).await.expect("a lookup").is_none(), "{backend:?}: the account");
        assert!(store.passkey(passkey.cred_id().as_slice()).await.expect("a lookup").is_none(), "{backend:?}");
        assert_eq!(store.signed_in_user("ada-laptop", at(1)).await.expect("a lookup"), None, "{backend:?}");
        assert!(!store.username_exists("ada").await.expect("a lookup"), "{backend:?}: the name is free");
    })
    .await;
}
