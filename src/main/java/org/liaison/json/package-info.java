/**
 * Reading JSON with the field path tracked by the reader: {@code body.obj("extents").string("value")}
 * refuses a bad value as {@code extents.value ...} without the caller spelling the path. Every
 * refusal is worded by {@link org.liaison.json.FieldErrors}, so "missing", "wrong type" and
 * "invalid" read the same in every package.
 */
package org.liaison.json;
