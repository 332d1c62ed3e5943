/**
 * The comm protocol between the kernel (jupyter_codegen/magics/bridge.py) and this extension.
 *
 * Either side may open the comm on target `jupyter_codegen`; the opener sends `hello` and the
 * other side answers with its own `hello`. Every message carries `protocol`; a message of
 * another protocol version gets an `error` answer and is not acted on.
 *
 *   kernel -> front end  {type: "cells", origin, session, cells: [{task, source, metadata}]}
 *                        the whole set of a session's approved cells, after every change
 *   front end -> kernel  {type: "applied", session, inserted, updated, removed, kept}
 */

import { JSONObject } from '@lumino/coreutils';

export const PROTOCOL = 1;
export const TARGET = 'jupyter_codegen';
export const META_KEY = 'jupyter_codegen';
export const MIME = 'application/vnd.jupyter.codegen+json';
export const PANEL_MIME = 'application/vnd.jupyter.codegen.panel+json';

/** The metadata a generated cell carries (schema: audit/trail.v1.schema.json#generated_cell). */
export interface GeneratedMeta {
  generated: true;
  schema_version: number;
  approved_sha256: string;
  session?: string | null;
  model?: string | null;
  task?: string | null;
  status?: string | null;
  decision?: string | null;
  origin?: string | null;
  attempt?: number | null;
  actor?: string | null;
  approved_at?: string | null;
}

export interface DesiredCell {
  task: string;
  source: string;
  metadata: GeneratedMeta;
}

export interface HelloMessage {
  protocol: number;
  type: 'hello';
  version?: string;
}

export interface CellsMessage {
  protocol: number;
  type: 'cells';
  origin: string | null;
  session: string;
  cells: DesiredCell[];
}

export type KernelMessage = HelloMessage | CellsMessage;

export class ProtocolError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Generated-cell metadata, or null when `value` is not such metadata. */
export function asMeta(value: unknown): GeneratedMeta | null {
  if (!isObject(value) || value.generated !== true) {
    return null;
  }
  if (typeof value.approved_sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(value.approved_sha256)) {
    return null;
  }
  return value as unknown as GeneratedMeta;
}

function desired(value: unknown, index: number): DesiredCell {
  if (!isObject(value) || typeof value.task !== 'string' || typeof value.source !== 'string') {
    throw new ProtocolError(`cells[${index}] needs a task and a source`);
  }
  const metadata = asMeta(value.metadata);
  if (metadata === null) {
    throw new ProtocolError(`cells[${index}] has no generated-cell metadata with a sha256`);
  }
  return { task: value.task, source: value.source, metadata };
}

/** Check a message from the kernel; throws ProtocolError saying what is wrong. */
export function parseKernelMessage(data: unknown): KernelMessage {
  if (!isObject(data)) {
    throw new ProtocolError('a message must be a JSON object');
  }
  if (data.protocol !== PROTOCOL) {
    throw new ProtocolError(
      `protocol ${String(data.protocol)} is not supported (this extension speaks ${PROTOCOL}); ` +
        'install matching versions of jupyter_codegen and its JupyterLab extension'
    );
  }
  if (data.type === 'hello') {
    return { protocol: PROTOCOL, type: 'hello', version: String(data.version ?? '') };
  }
  if (data.type === 'cells') {
    if (typeof data.session !== 'string' || !data.session) {
      throw new ProtocolError('a cells message needs its session');
    }
    if (!Array.isArray(data.cells)) {
      throw new ProtocolError('a cells message needs a list of cells');
    }
    const origin = typeof data.origin === 'string' && data.origin ? data.origin : null;
    return {
      protocol: PROTOCOL,
      type: 'cells',
      origin,
      session: data.session,
      cells: data.cells.map(desired)
    };
  }
  throw new ProtocolError(`unknown message type ${JSON.stringify(data.type)}`);
}

export function hello(version: string): JSONObject {
  return { protocol: PROTOCOL, type: 'hello', version, features: ['cells'] };
}

export function errorReply(message: string): JSONObject {
  return { protocol: PROTOCOL, type: 'error', message };
}
