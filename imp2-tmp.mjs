const t0 = performance.now();
await import('/tmp/bundle/main.mjs');
console.log('import bundle', Math.round(performance.now() - t0), 'ms');
