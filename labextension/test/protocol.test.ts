import { describe, expect, it } from 'vitest';

import { ProtocolError, asMeta, hello, parseKernelMessage } from '../src/protocol';

const SHA = 'a'.repeat(64);
const meta = { generated: true, schema_version: 1, approved_sha256: SHA, session: 's1', task: 't1' };

describe('parseKernelMessage', () => {
  it('reads a cells message', () => {
    const msg = parseKernelMessage({
      protocol: 1,
      type: 'cells',
      origin: 'cell-1',
      session: 's1',
      cells: [{ task: 't1', source: 'x = 1', metadata: meta }]
    });
    expect(msg.type).toBe('cells');
    if (msg.type === 'cells') {
      expect(msg.origin).toBe('cell-1');
      expect(msg.cells[0].metadata.approved_sha256).toBe(SHA);
    }
  });

  it('reads hello and treats an empty origin as none', () => {
    expect(parseKernelMessage({ protocol: 1, type: 'hello', version: '0.1.0' })).toEqual({
      protocol: 1,
      type: 'hello',
      version: '0.1.0'
    });
    const msg = parseKernelMessage({ protocol: 1, type: 'cells', origin: '', session: 's', cells: [] });
    expect(msg.type === 'cells' && msg.origin).toBeNull();
  });

  it('refuses another protocol version, naming both', () => {
    expect(() => parseKernelMessage({ protocol: 2, type: 'hello' })).toThrow(/protocol 2 is not supported.*speaks 1/);
  });

  it.each([
    [null, /JSON object/],
    [[1, 2], /JSON object/],
    [{ protocol: 1, type: 'explode' }, /unknown message type "explode"/],
    [{ protocol: 1, type: 'cells', cells: [] }, /needs its session/],
    [{ protocol: 1, type: 'cells', session: 's', cells: 'x' }, /list of cells/],
    [{ protocol: 1, type: 'cells', session: 's', cells: [{ task: 't1' }] }, /cells\[0\] needs a task and a source/],
    [
      { protocol: 1, type: 'cells', session: 's', cells: [{ task: 't1', source: '', metadata: { generated: true } }] },
      /cells\[0\] has no generated-cell metadata/
    ]
  ])('refuses %j', (data, message) => {
    expect(() => parseKernelMessage(data)).toThrow(ProtocolError);
    expect(() => parseKernelMessage(data)).toThrow(message);
  });

  it('says hello with its features', () => {
    expect(hello('9.9')).toMatchObject({ protocol: 1, type: 'hello', version: '9.9', features: ['cells'] });
  });
});

describe('asMeta', () => {
  it('takes generated metadata with a full sha256 only', () => {
    expect(asMeta(meta)).not.toBeNull();
    expect(asMeta({ ...meta, approved_sha256: 'abc' })).toBeNull();
    expect(asMeta({ ...meta, generated: false })).toBeNull();
    expect(asMeta(undefined)).toBeNull();
  });
});
