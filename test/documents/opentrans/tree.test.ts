import { describe, expect, it } from 'vitest';
import { OpenTransError } from '../../../src/documents/opentrans/model.js';
import { child, children, parseXml, text, texts } from '../../../src/documents/opentrans/tree.js';

describe('parseXml', () => {
  it('reads every namespace style the same: prefix, default namespace per element, none', async () => {
    const styles = [
      `<ot:ORDER xmlns:ot="http://www.opentrans.org/XMLSchema/2.1" xmlns:bmecat="http://www.bmecat.org/bmecat/2005"><ot:A><bmecat:NAME>N</bmecat:NAME></ot:A></ot:ORDER>`,
      `<ORDER xmlns="http://www.opentrans.org/XMLSchema/2.1"><A><NAME xmlns="http://www.bmecat.org/bmecat/2005">N</NAME></A></ORDER>`,
      `<ORDER><A><NAME>N</NAME></A></ORDER>`,
    ];
    for (const xml of styles) {
      const { rootName, root } = await parseXml(xml);
      expect(rootName).toBe('ORDER');
      expect(text(root, 'A', 'NAME')).toBe('N');
    }
  });

  it('decodes entities and character references once, merges CDATA, reads one element like many', async () => {
    const { root } = await parseXml(
      `<?xml version="1.0"?><!DOCTYPE R [<!ENTITY firm "Muster KG">]><R><A>&#228;&#x20AC; &amp;#228; &lt;b&gt;</A><B><![CDATA[x < y & "z"]]></B><C>&firm;</C><D>1</D><D>2</D></R>`,
    );
    expect(text(root, 'A')).toBe('ä€ &#228; <b>');
    expect(text(root, 'B')).toBe('x < y & "z"');
    expect(text(root, 'C')).toBe('Muster KG');
    expect(texts(root, 'D')).toEqual(['1', '2']);
    expect(children(root, 'B')).toHaveLength(1);
    expect(child(root, 'MISSING', 'X')).toBeUndefined();
  });

  it('unwraps text that is escaped CDATA markup and lists where', async () => {
    const { root, unwrapped } = await parseXml('<R><U>&lt;![CDATA[]]&gt;</U><V a="1">&lt;![CDATA[ v ]]&gt;</V><W><![CDATA[ok]]></W></R>');
    expect(text(root, 'U')).toBeUndefined();
    expect(text(root, 'V')).toBe('v');
    expect(unwrapped).toEqual([
      { element: 'U', empty: true },
      { element: 'V', empty: false },
    ]);
  });

  it('rejects what is not well-formed, with line and column', async () => {
    await expect(parseXml('<R>\n<A></R>')).rejects.toThrow(OpenTransError);
    await expect(parseXml('<R>\n<A></R>')).rejects.toThrow(/line 2/);
  });
});
