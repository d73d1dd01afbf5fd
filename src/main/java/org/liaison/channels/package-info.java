/**
 * Standing channels between parties: bilateral hotlines and group channels, with per-recipient
 * delivery, read and acknowledgement states, acknowledgement deadlines and escalation, party
 * availability from heartbeats, a phrasebook of structured messages, and an event stream.
 *
 * <p>{@link org.liaison.channels.Channels} owns the rules, {@code ChannelStore} the SQL and
 * {@link org.liaison.channels.ChannelRoutes} the HTTP API under {@code /liaison/v1}. Every state
 * change writes a ledger entry in its own transaction.
 */
package org.liaison.channels;
