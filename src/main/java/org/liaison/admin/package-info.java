/**
 * {@code liaison admin}: a consistent backup of every table a hub owns into one portable file,
 * and its restore into an embedded or PostgreSQL store, ending with a check of the ledger.
 */
package org.liaison.admin;
