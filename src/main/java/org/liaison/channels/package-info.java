/**
 * Standing channels between parties: bilateral hotlines and group channels, with per-recipient
 * delivery, read and acknowledgement states, acknowledgement deadlines and escalation, party
 * availability from heartbeats, a phrasebook of structured messages, and an event stream.
 *
 * <p>{@link org.liaison.channels.Channels} owns channels, membership and posting; {@code
 * Deliveries} the per-recipient states and escalation; {@code Presence} the directory and
 * heartbeats; {@code ChannelStore} and {@code EventLog} the SQL; {@link
 * org.liaison.channels.ChannelRoutes} the HTTP API under {@code /liaison/v1}. Every state change
 * commits in one transaction with its ledger entry and its event, or not at all.
 */
package org.liaison.channels;
