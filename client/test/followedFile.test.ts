// The file the status headline follows: the active .star editor, kept while a webview has focus (no text editor),
// dropped for an editor of another language.
import test from 'node:test';
import assert from 'node:assert/strict';
import { FollowedFile } from '../src/followedFile.js';

test('the headline follows the active .star file and keeps it while a webview has focus', () => {
  const f = new FollowedFile();
  assert.equal(f.uri, undefined);
  assert.equal(f.concerns('file:///a.star'), false);
  f.onActive({ uri: 'file:///a.star', isStar: true });
  assert.equal(f.uri, 'file:///a.star');
  // Focus moves to the Pareto view: no active text editor; a result for a.star still concerns the headline.
  f.onActive(undefined);
  assert.equal(f.concerns('file:///a.star'), true);
  assert.equal(f.concerns('file:///b.star'), false);
  f.onActive({ uri: 'file:///b.star', isStar: true });
  assert.equal(f.concerns('file:///a.star'), false);
  assert.equal(f.concerns('file:///b.star'), true);
  // Another language's editor in front: no STAR headline.
  f.onActive({ uri: 'file:///notes.md', isStar: false });
  assert.equal(f.uri, undefined);
  assert.equal(f.concerns('file:///b.star'), false);
});
