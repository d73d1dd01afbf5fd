/**
 * A party's own keys and the statements it signs with them, so evidence does not rest on the
 * hub's word alone.
 *
 * <p>{@link org.liaison.keys.PartyKeys} holds the private halves (an Ed25519 signing key and an
 * X25519 encryption key) in the party's data directory, readable by its owner only; they never
 * leave it. {@link org.liaison.keys.PublicKeys} is what the party publishes. {@link
 * org.liaison.keys.Statement} is the one signed form of every party statement: RFC 8785 canonical
 * JSON, prefixed by a context string per statement type so that no signature counts as another
 * kind of statement. {@link org.liaison.keys.KeyHistory} replays key publications, rotations and
 * revocations from ledger entries to say which key was valid when. No I/O but the key files.
 */
package org.liaison.keys;
