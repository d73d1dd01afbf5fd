/**
 * Agreements: the deconfliction memorandum as code. An agreement is a versioned document among
 * named parties (minimum notice, separation buffers, acknowledgement deadlines and escalation, the
 * line's hours and heartbeat, languages); it is proposed by one party and comes into force when
 * every party has accepted it. Each step is a ledger entry. {@link org.liaison.agreements.Strictest}
 * combines the agreements in force between two parties into the rules that apply to them.
 */
package org.liaison.agreements;
