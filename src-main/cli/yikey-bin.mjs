#!/usr/bin/env node
// Package `bin` launcher: runs the TypeScript CLI through tsx's loader, so `npx yikey` and
// `npm run yikey` behave the same.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
