package io.specops.service;

import io.temporal.api.enums.v1.IndexedValueType;
import java.util.LinkedHashMap;
import java.util.Map;

/** The search attributes SpecOps upserts, with their types, for whoever registers them. */
public final class SearchAttributeNames {
  private SearchAttributeNames() {}

  public static Map<String, IndexedValueType> all() {
    Map<String, IndexedValueType> out = new LinkedHashMap<>();
    out.put(
        SearchAttributesPublisher.SERVICE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    out.put(
        SearchAttributesPublisher.CRITICALITY.getName(),
        IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    out.put(
        SearchAttributesPublisher.LAST_ACTION.getName(),
        IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    out.put(
        SearchAttributesPublisher.PENDING_APPROVAL.getName(),
        IndexedValueType.INDEXED_VALUE_TYPE_BOOL);
    return out;
  }
}
